--TEST--
Workers: SIGTERM to the master stops every worker gracefully: onShutdown(1001) runs in each, every client of every worker gets close 1001, clients connecting while the workers wait for slow clients get a prompt 503 or are refused (none hangs, none is served), onWorkerStop runs in each, the master's run() returns after the last worker exited, exit status 0
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
$server->onShutdown(function (int $code) use ($server) {
    echo "worker " . $server->getWorkerId() . ": onShutdown($code), " . count($server) . " open\n";
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
echo "workers forked: ", count(wsw_wait_children($master, 2)), "\n";

$by = wsw_spread($srv['port'], 2, 2);
echo "clients per worker: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
/* Every client gets its close frame; none answers yet, so both workers keep waiting. */
$frames = [];
foreach (wsw_all($by) as $c) {
    $f = wst_recv_frame($c->ws);
    $k = $f ? wst_describe_received($f) : ($c->ws->eof ? 'EOF' : 'TIMEOUT');
    $frames[$k] = ($frames[$k] ?? 0) + 1;
}
echo "every client: ", json_encode($frames), "\n";
$outcomes = [];
$slowest = 0.0;
for ($i = 0; $i < 6; $i++) {
    [$what, $took] = wsw_try_connect($srv['port'], 2.0);
    $outcomes[] = $what;
    $slowest = max($slowest, $took);
    usleep(30000);
}
echo "new clients during the stop: none served, none hung: ",
    var_export(!array_diff($outcomes, ['503', 'refused']), true), "\n";
echo "each answered within 0.5 s: ", var_export($slowest < 0.5 * WST_SLOW, true), "\n";
if (array_diff($outcomes, ['503', 'refused']) || $slowest >= 0.5 * WST_SLOW) {
    echo "outcomes: ", implode(' ', $outcomes), sprintf(", slowest %.2f s", $slowest), "\n";
}
foreach (wsw_all($by) as $c) {
    wst_write($c->ws, wst_frame(WST_CLOSE, pack('n', 1001)));
}
$eofs = 0;
foreach (wsw_all($by) as $c) {
    $eofs += wst_wait_eof($c->ws) ? 1 : 0;
}
echo "EOF after answering: $eofs\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
clients per worker: [2,2]
(SIGTERM to the master)
every client: {"close 1001 'server shutting down'":4}
new clients during the stop: none served, none hung: true
each answered within 0.5 s: true
EOF after answering: 4
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onShutdown(1001), 2 open
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 1: onShutdown(1001), 2 open
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
