--TEST--
systemd: with NOTIFY_SOCKET set and workers => 2, the master sends READY=1 once both workers serve (not before, and the workers send none of their own), and STOPPING=1 when a SIGTERM starts the stop; nothing else, also not during a SIGHUP reload
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

[$path, $notify] = wsw_notify_socket();
$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0]), WST_READY_TIMEOUT,
    ['prefix' => WSW_DEFAULT_SIGNALS . ' NOTIFY_SOCKET=' . escapeshellarg($path)]);
$master = wsw_pid($srv);

echo "notify: ", var_export(wsw_notify_recv($notify), true), "\n";
echo "two workers by then: ", count(wsw_children($master)), "\n";
$by = wsw_spread($srv['port'], 2, 1);
echo "both serve: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGHUP: every worker replaced)\n";
$old = wsw_children($master);
wsw_kill($master, 'HUP');
$seen = [];
$deadline = microtime(true) + 10 * WST_SLOW;
do {
    usleep(20000);
    $ended = wsw_poll_closes(wsw_all($by), $seen);
    $kids = wsw_children($master);
} while (!($ended && count($kids) === 2 && !array_intersect($kids, $old)) && microtime(true) < $deadline);
echo "replaced: ", var_export($ended && !array_intersect($kids, $old), true), "\n";
echo "nothing sent during the reload: ", var_export(wsw_notify_recv($notify, 0.3) === null, true), "\n";
$c = wsw_connect($srv['port']);
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo "notify: ", var_export(wsw_notify_recv($notify), true), "\n";
echo implode("\n", wsw_expect_close_all([$c])), "\n";
wsw_finish($srv, WST_FINISH_TIMEOUT, '/^WebSocket\\\\Server master\[P\]: notice: /');
echo "nothing more: ", var_export(wsw_notify_recv($notify, 0.2) === null, true), "\n";
?>
--EXPECT--
notify: 'READY=1'
two workers by then: 2
both serve: [1,1]
(SIGHUP: every worker replaced)
replaced: true
nothing sent during the reload: true
(SIGTERM to the master)
notify: 'STOPPING=1'
1 x close 1001 'server shutting down', EOF
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
worker 1: onWorkerStop
nothing more: true
