--TEST--
Limits: a SIGTERM handled (pcntl, stop()) during the application's bootstrap, before run(), is not lost: run() returns at once without serving
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!function_exists('pcntl_signal') || !function_exists('posix_kill') && !function_exists('proc_terminate')) die('skip needs pcntl');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
if (!function_exists('pcntl_signal')) {
    echo "server: no pcntl in the child\n";
    exit(0);
}
pcntl_async_signals(true);
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 3000);
$got = false;
pcntl_signal(SIGTERM, function () use ($server, &$got) {
    $got = true;
    $server->stop();
});
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open {$c->id} (should not happen)\n";
});
echo 'READY ', $server->getPort(), "\n";
/* The rest of the bootstrap (loading config, warming caches...): the signal arrives meanwhile. */
$until = microtime(true) + 5 * WST_SLOW;
while (!$got && microtime(true) < $until) {
    usleep(10000);
}
echo "server: SIGTERM during bootstrap: ", var_export($got, true), "\n";
$server->run();
/* pcntl's handler table keeps the closure, and through it $server, past the preamble's cycle collection. */
pcntl_signal(SIGTERM, SIG_DFL);
echo "server: run returned\n";
PHP);
/* The child is PHP itself (wst_spawn_server execs it), or valgrind running it: the same pid either way. */
proc_terminate($srv['proc'], 15);
$s = @stream_socket_client('tcp://127.0.0.1:' . $srv['port'], $errno, $errstr, 2);
$resp = '';
if ($s !== false) {
    $ws = new WstConn($s);
    wst_write($ws, wst_request());
    $resp = wst_read_head($ws, 2.0);
}
echo "client served: ", var_export(str_starts_with($resp, 'HTTP/1.1 101'), true), "\n";
wst_finish($srv, 5.0);
?>
--EXPECT--
client served: false
--- server ---
server: SIGTERM during bootstrap: true
server: run returned
