--TEST--
Workers: SIGHUP to the master replaces each worker in turn (a new worker serves before the old one drains): the old workers' clients get close 1012 'server restarting', onWorkerStop runs in the old workers and onWorkerStart in the new ones, and a client connecting in a loop throughout the reload is served every time (never refused, never stranded); the new workers carry new incarnations in their connection ids; logged on stderr
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
$old_pids = wsw_wait_children($master, 2);
echo "workers forked: ", count($old_pids), "\n";
$old = wsw_all(wsw_spread($srv['port'], 2, 2));
echo "old clients: ", count($old), "\n";

echo "(SIGHUP to the master; a client connects in a loop throughout)\n";
wsw_kill($master, 'HUP');
$seen = [];
$probes = [];
$served_by = [];
$replaced = $ended = false;
$deadline = microtime(true) + 15.0 * WST_SLOW;
for ($i = 0; $i < 10000 && microtime(true) < $deadline; $i++) {
    [$what, $pid] = wsw_probe($srv['port']);
    $probes[$what] = ($probes[$what] ?? 0) + 1;
    if ($pid) {
        $served_by[$pid] = true;
    }
    $ended = wsw_poll_closes($old, $seen);
    $kids = wsw_children($master);
    $replaced = count($kids) === 2 && !array_intersect($kids, $old_pids);
    if ($replaced && $ended && $i >= 20) {
        break;
    }
}
echo "every worker replaced: ", var_export($replaced, true), "\n";
echo "old clients:\n", implode("\n", wsw_seen_lines($seen)), "\n";
$not_served = array_diff_key($probes, ['served' => 1, 'served, then closed 1012' => 1]);
echo "probes: at least 20: ", var_export(array_sum($probes) >= 20, true), ", all served: ", var_export(!$not_served, true), "\n";
if ($not_served) {
    echo "probe outcomes: ", json_encode($probes), "\n";
}
$by_old = count(array_intersect(array_keys($served_by), $old_pids));
$by_new = count(array_diff(array_keys($served_by), $old_pids));
echo "probes were served by old and new workers: ", var_export($by_old > 0 && $by_new > 0, true), "\n";
if (!$by_old || !$by_new) {
    echo "old workers that served probes: $by_old, new ones: $by_new; outcomes: ", json_encode($probes), "\n";
}

$new = wsw_spread($srv['port'], 2, 1);
foreach ($new as $w => $clients) {
    echo "new worker $w: incarnation (id >> 40) ", $clients[0]->id >> 40, ", a new process: ",
        var_export(!in_array($clients[0]->pid, $old_pids, true), true), "\n";
}
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all(wsw_all($new))), "\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
old clients: 4
(SIGHUP to the master; a client connects in a loop throughout)
every worker replaced: true
old clients:
4 x close 1012 'server restarting', EOF
probes: at least 20: true, all served: true
probes were served by old and new workers: true
new worker 0: incarnation (id >> 40) 3, a new process: true
new worker 1: incarnation (id >> 40) 4, a new process: true
(SIGTERM to the master)
2 x close 1001 'server shutting down', EOF
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
--- server stderr ---
WebSocket\Server master[P]: notice: SIGHUP: replacing 2 worker(s), one at a time
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: reload: every worker replaced
WebSocket\Server master[P]: notice: reload: replacing worker 0 (pid P)
WebSocket\Server master[P]: notice: reload: replacing worker 1 (pid P)
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
