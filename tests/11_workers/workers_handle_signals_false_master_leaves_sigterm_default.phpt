--TEST--
Workers: with handle_signals => false and workers => 2 the master leaves SIGTERM alone too: its default action ends the master at once, and the workers, seeing their line to the master close, stop gracefully on their own (every client gets 1001)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0, 'handle_signals' => false]), WST_READY_TIMEOUT,
    ['prefix' => WSW_DEFAULT_SIGNALS, 'valgrind' => '--leak-check=no']); /* the master is killed: nothing is freed */
$master = wsw_pid($srv);
$workers = wsw_wait_children($master, 2);
echo "workers forked: ", count($workers), "\n";
$by = wsw_spread($srv['port'], 2, 1);
echo "clients per worker: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all(wsw_all($by))), "\n";
$gone = 0;
foreach ($workers as $pid) {
    $gone += wsw_wait_gone($pid) ? 1 : 0;
}
echo "workers exited: $gone\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
clients per worker: [1,1]
(SIGTERM to the master)
2 x close 1001 'server shutting down', EOF
workers exited: 2
--- server ---
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
--- server died of signal 15 ---
--- server stderr ---
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
