--TEST--
Workers: when the master dies (SIGKILL, so it cannot tell anyone), each worker notices its line to the master closing and stops gracefully on its own: every client gets close 1001, onWorkerStop runs, the workers exit instead of serving on as orphans
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0]), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
$workers = wsw_wait_children($master, 2);
echo "workers forked: ", count($workers), "\n";
$by = wsw_spread($srv['port'], 2, 1);
echo "clients per worker: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGKILL to the master)\n";
wsw_kill($master, 'KILL');
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
(SIGKILL to the master)
2 x close 1001 'server shutting down', EOF
workers exited: 2
--- server ---
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
--- server died of signal 9 ---
--- server stderr ---
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
