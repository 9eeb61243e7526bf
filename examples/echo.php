<?php
/*
 * Echo server: every message comes back with the same type.
 *
 *   php -d extension=$PWD/modules/websocket.so examples/echo.php [port] [host]
 *
 * Port 0 picks a free port. Prints "READY <port>" once listening (the tests and
 * benchmarks wait for that line). Stop it with Ctrl-C, or SIGTERM when pcntl is
 * loaded (a clean stop: every client gets close 1001).
 */
$port = (int) ($argv[1] ?? 8080);
$host = $argv[2] ?? '127.0.0.1';

$server = new WebSocket\Server($host, $port, [
    'subprotocols' => ['chat'],
    'max_message_size' => 64 << 20,
    'max_buffered' => 64 << 20,
]);

$server->onMessage(fn (WebSocket\Connection $c, string $data, bool $binary) => $c->send($data, $binary));

if (function_exists('pcntl_async_signals')) {
    pcntl_async_signals(true);
    foreach ([SIGTERM, SIGINT] as $signal) {
        pcntl_signal($signal, fn () => $server->stop());
    }
}

echo 'READY ', $server->getPort(), "\n";
$server->run();
