--TEST--
Workers: a worker killed with SIGKILL is restarted by the master after 100 ms (logged), its own clients lose their connections, the other worker's clients stay connected and keep echoing throughout; the new worker runs onWorkerStart, serves, and its connection ids carry a new incarnation; SIGINT to the master then stops everything: every client gets 1001, exit status 0
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
echo "workers forked: ", count(wsw_wait_children($master, 2)), "\n";

$by = wsw_spread($srv['port'], 2, 2);
echo "clients per worker: ", json_encode(array_map('count', $by)), "\n";
$victim = $by[0][0]->pid;
echo "(SIGKILL to worker 0)\n";
wsw_kill($victim, 'KILL');
echo "worker 0's clients:\n", implode("\n", wsw_expect_close_all($by[0])), "\n";

/* Worker 1's clients echo every 20 ms until worker 0 is back (and at least 400 ms). */
$rounds = $good = 0;
$t = microtime(true);
$deadline = $t + 5.0 * WST_SLOW;
do {
    $rounds++;
    $good += wsw_echo_all($by[1], "tick $rounds") === count($by[1]) ? 1 : 0;
    usleep(20000);
    $kids = wsw_children($master);
    $back = count($kids) === 2 && !in_array($victim, $kids, true);
} while ((!$back || microtime(true) - $t < 0.4) && microtime(true) < $deadline);
echo "worker 0 restarted with a new pid: ", var_export($back, true), "\n";
echo "worker 1's clients echoed in every round meanwhile: ", var_export($good === $rounds && $rounds >= 10, true), "\n";

$fresh = wsw_spread($srv['port'], 2, 1);
echo "the restarted worker serves: ", var_export(isset($fresh[0]) && $fresh[0][0]->pid !== $victim, true),
    ", incarnation (id >> 40): ", isset($fresh[0]) ? $fresh[0][0]->id >> 40 : '-', "\n";
echo "worker 1 still the same process: ", var_export(isset($fresh[1]) && $fresh[1][0]->pid === $by[1][0]->pid, true), "\n";

echo "(SIGINT to the master)\n";
wsw_kill($master, 'INT');
echo implode("\n", wsw_expect_close_all(array_merge($by[1], wsw_all($fresh)))), "\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
clients per worker: [2,2]
(SIGKILL to worker 0)
worker 0's clients:
2 x EOF without close frame
worker 0 restarted with a new pid: true
worker 1's clients echoed in every round meanwhile: true
the restarted worker serves: true, incarnation (id >> 40): 3
worker 1 still the same process: true
(SIGINT to the master)
4 x close 1001 'server shutting down', EOF
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: error: worker 0 (pid P) killed by signal 9 after T ms
WebSocket\Server master[P]: notice: SIGINT: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: warning: restarting worker 0 in 100 ms
