<?php
// Echo server for wsload modes that need more connections than examples/echo.php allows by default
// (idle holds 20,000): same behaviour as the example, every message sent back as it came.
//   php -d extension=modules/websocket.so bench/echo_server.php [port] [max_connections] [compression JSON]
// WS_TLS_CERT and WS_TLS_KEY (PEM files) make it wss:// (bench/tls.sh); WS_TLS_TICKETS=0 turns tickets off.
// The third argument is the compression option as JSON (bench/compare.sh --modes deflate: true, false, or
// {"level": 6, ...}); without it the option keeps its default.
$port = (int) ($argv[1] ?? 8080);
$max = (int) ($argv[2] ?? 20000);
$tls = getenv('WS_TLS_CERT') ? ['tls' => ['cert' => getenv('WS_TLS_CERT'), 'key' => getenv('WS_TLS_KEY'),
    'session_tickets' => getenv('WS_TLS_TICKETS') !== '0', 'ktls' => getenv('WS_TLS_KTLS') === '1']] : [];
$options = ['max_connections' => $max] + $tls;
if (isset($argv[3])) {
    $options['compression'] = json_decode($argv[3], true, 4, JSON_THROW_ON_ERROR);
}
$server = new WebSocket\Server('127.0.0.1', $port, $options);
$server->onMessage(fn (WebSocket\Connection $c, string $data, bool $binary) => $c->send($data, $binary));
$server->run();
