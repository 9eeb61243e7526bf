--TEST--
Workers: workers => 2 forks two workers off the master; onWorkerStart runs in each with its id, getWorkerId() is that id there and null in the master; both serve, each counting its own connections; connection ids are unique across the workers (the worker's incarnation in bits 40 and up); stop() inside one worker stops the whole server: every client of both workers gets close 1001, onWorkerStop runs in each, the master's run() returns, exit status 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0], <<<'PHP'
echo "master: getWorkerId() before run() " . var_export($server->getWorkerId(), true) . "\n";
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
$workers = wsw_wait_children($master, 2);
echo "workers forked: ", count($workers), "\n";

$by = wsw_spread($srv['port'], 2, 2);
foreach ($by as $w => $clients) {
    $pids = array_unique(array_map(fn (WswClient $c) => $c->pid, $clients));
    echo "worker $w: ", count($clients), " clients, served by one of the master's children: ",
        var_export(count($pids) === 1 && in_array($pids[0], $workers, true), true),
        ", incarnation (id >> 40): ", implode(',', array_unique(array_map(fn (WswClient $c) => $c->id >> 40, $clients))), "\n";
}
$ids = array_map(fn (WswClient $c) => $c->id, wsw_all($by));
echo "ids unique: ", var_export(count(array_unique($ids)) === count($ids) && count($ids) === 4, true), "\n";
echo "two workers, two pids: ", var_export(count(array_unique(array_map(fn (WswClient $c) => $c->pid, wsw_all($by)))) === 2, true), "\n";
echo "echo on all 4: ", wsw_echo_all(wsw_all($by), 'hello'), "\n";
foreach ($by as $w => $clients) {
    wsw_send($clients[0]->ws, 'count');
    echo "worker $w counts its own connections only: ", wsw_recv_text($clients[0]->ws), "\n";
}

echo "(stop() in worker 1)\n";
wsw_send($by[1][0]->ws, 'stop');
echo implode("\n", wsw_expect_close_all(wsw_all($by))), "\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
worker 0: 2 clients, served by one of the master's children: true, incarnation (id >> 40): 1
worker 1: 2 clients, served by one of the master's children: true, incarnation (id >> 40): 2
ids unique: true
two workers, two pids: true
echo on all 4: 4
worker 0 counts its own connections only: count=2 connections=2
worker 1 counts its own connections only: count=2 connections=2
(stop() in worker 1)
4 x close 1001 'server shutting down', EOF
--- server ---
master: getWorkerId() before run() NULL
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
worker 1: stop()
--- server stderr ---
WebSocket\Server master[P]: notice: stop() in a worker: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
