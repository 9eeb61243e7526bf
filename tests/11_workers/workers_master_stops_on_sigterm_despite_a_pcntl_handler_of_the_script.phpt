--TEST--
Workers: a script that installed a pcntl SIGTERM handler before run() (as examples used to) and then runs with workers => 2: SIGTERM to the master still stops the server gracefully (the master runs no PHP code, so a handler left to the application there would never run and SIGTERM would do nothing): every client gets 1001, the master exits 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!function_exists('pcntl_signal')) die('skip needs pcntl');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(WSW_SERVER_FUNCTIONS . <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['workers' => 2, 'ping_interval' => 0]);
wst_guard($server, 20000);
pcntl_async_signals(true);
pcntl_signal(SIGTERM, function () use ($server) {
    echo 'app: SIGTERM handler in ' . ($server->getWorkerId() === null ? 'the master' : 'worker ' . $server->getWorkerId()) . "\n";
    $server->stop();
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server) {
    wsw_handle($server, $c, $data, $binary);
});
$server->onWorkerStop(function (int $w) {
    /* A worker never returns from run(): let go of the handler's closure (and $server) here, so it can be collected. */
    pcntl_signal(SIGTERM, SIG_DFL);
    echo "worker $w: onWorkerStop\n";
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
pcntl_signal(SIGTERM, SIG_DFL);
echo "master: run returned\n";
PHP, WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
echo "workers forked: ", count(wsw_wait_children($master, 2)), "\n";
$by = wsw_spread($srv['port'], 2, 1);
echo "clients per worker: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all(wsw_all($by), 3.0)), "\n";
wsw_finish($srv, 5.0);
?>
--EXPECT--
workers forked: 2
clients per worker: [1,1]
(SIGTERM to the master)
2 x close 1001 'server shutting down', EOF
--- server ---
master: run returned
worker 0: onWorkerStop
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
