<?php
// Broadcast server for wsload's broadcast mode, used only when examples/broadcast.php does not exist:
// every text message received is broadcast to all open connections (the sender included).
//   php -d extension=modules/websocket.so bench/broadcast_server.php [port] [max_connections]
$port = (int) ($argv[1] ?? 8080);
$max = (int) ($argv[2] ?? 20000);
$server = new WebSocket\Server('127.0.0.1', $port, ['max_connections' => $max]);
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server): void {
    if (!$binary) {
        $server->broadcast($data);
    }
});
$server->run();
