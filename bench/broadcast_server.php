<?php
// Broadcast server for wsload's broadcast mode, used only when examples/broadcast.php does not exist:
// every text message received is broadcast to all open connections (the sender included).
//   php -d extension=modules/websocket.so bench/broadcast_server.php [port] [max_connections] [compression JSON]
$port = (int) ($argv[1] ?? 8080);
$max = (int) ($argv[2] ?? 20000);
$options = ['max_connections' => $max];
if (isset($argv[3])) {
    $options['compression'] = json_decode($argv[3], true, 4, JSON_THROW_ON_ERROR);
}
$server = new WebSocket\Server('127.0.0.1', $port, $options);
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server): void {
    if (!$binary) {
        $server->broadcast($data);
    }
});
$server->run();
