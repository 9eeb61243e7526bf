<?php
/*
 * Echo server: every message comes back with the same type.
 *
 *   php -d extension=$PWD/modules/websocket.so examples/echo.php [port] [host]
 *   WS_WORKERS=2 php -d extension=$PWD/modules/websocket.so examples/echo.php [port] [host]
 *
 * Port 0 picks a free port. Prints "READY <port>" once listening (the tests and
 * benchmarks wait for that line). WS_WORKERS=N (2 or more) runs N worker
 * processes behind a master on the one port (the `workers` option); unset or 1,
 * one process. Ctrl-C or SIGTERM stops it cleanly (the extension handles both
 * while run() is active: every client gets close 1001, and the script exits 0);
 * with workers, SIGHUP replaces the workers one at a time.
 * WS_TLS_CERT and WS_TLS_KEY (PEM files) make it a wss:// server (the tls
 * option); SIGHUP then also reads them again for new connections.
 */
$port = (int) ($argv[1] ?? 8080);
$host = $argv[2] ?? '127.0.0.1';

$workers = getenv('WS_WORKERS');
if ($workers === false || $workers === '') {
    $workers = '1';
}
if (!preg_match('/^[1-9][0-9]*$/', $workers)) {
    fwrite(STDERR, "echo: WS_WORKERS must be a positive integer, got '$workers'\n");
    exit(2);
}

$tls = getenv('WS_TLS_CERT') ? ['tls' => ['cert' => getenv('WS_TLS_CERT'), 'key' => getenv('WS_TLS_KEY') ?: null]] : [];
$tls = $tls ? ['tls' => array_filter($tls['tls'])] : [];
$server = new WebSocket\Server($host, $port, [
    'subprotocols' => ['chat'],
    'max_message_size' => 64 << 20,
    'max_buffered' => 64 << 20,
] + ((int) $workers > 1 ? ['workers' => (int) $workers] : []) + $tls);

$server->onMessage(fn (WebSocket\Connection $c, string $data, bool $binary) => $c->send($data, $binary));

echo 'READY ', $server->getPort(), "\n";
$server->run();
