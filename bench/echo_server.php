<?php
// Echo server for wsload modes that need more connections than examples/echo.php allows by default
// (idle holds 20,000): same behaviour as the example, every message sent back as it came.
//   php -d extension=modules/websocket.so bench/echo_server.php [port] [max_connections]
$port = (int) ($argv[1] ?? 8080);
$max = (int) ($argv[2] ?? 20000);
$server = new WebSocket\Server('127.0.0.1', $port, ['max_connections' => $max]);
$server->onMessage(fn (WebSocket\Connection $c, string $data, bool $binary) => $c->send($data, $binary));
$server->run();
