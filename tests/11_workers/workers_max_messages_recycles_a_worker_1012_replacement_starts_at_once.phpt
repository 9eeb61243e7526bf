--TEST--
Workers: worker_max_messages => 10: after its 10th message a worker recycles itself: the message is answered, then its client gets close 1012 'server restarting'; the master starts the replacement at once (it serves while the old worker still drains), the old worker runs onWorkerStop and exits 0; the replacement carries a new incarnation in its ids
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0, 'worker_max_messages' => 10]), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
$first = wsw_wait_children($master, 2);
echo "workers forked: ", count($first), "\n";

$c = wsw_connect($srv['port']);   /* 'who' is its worker's first message */
$w = $c->w;
$echoed = 0;
for ($i = 2; $i <= 10; $i++) {
    wsw_send($c->ws, "m$i");
    $echoed += wsw_recv_text($c->ws) === "m$i" ? 1 : 0;
}
echo "messages 2 to 10 echoed: $echoed of 9\n";
wst_expect($c->ws);
echo "(the client waits before answering the close frame: the old worker drains meanwhile)\n";
$kids = wsw_wait_children($master, 3);
echo "while it drains, the master already runs its replacement: ", var_export(count($kids) === 3 && in_array($c->pid, $kids, true), true), "\n";
$probe = wsw_connect($srv['port']);
echo "a new client is served meanwhile, not by the draining worker: ", var_export($probe !== null && $probe->pid !== $c->pid, true), "\n";
if ($probe) {
    wsw_close($probe);
}
wst_send_close($c->ws, 1012);
wst_expect_eof($c->ws);
echo "the old worker exits: ", var_export(wsw_wait_gone($c->pid), true), "\n";
$now = wsw_wait_children($master, 2);
echo "two workers again, one of them new: ", var_export(count($now) === 2 && count(array_diff($now, $first)) === 1, true), "\n";

$by = wsw_spread($srv['port'], 2, 1);
echo "the replacement serves with incarnation (id >> 40) ", isset($by[$w]) ? $by[$w][0]->id >> 40 : '-', "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all(wsw_all($by))), "\n";
/* Which worker took the first client differs from run to run: R is that one, O the other. */
wsw_finish($srv, WST_FINISH_TIMEOUT, null, [
    "worker $w" => 'worker R', "getWorkerId() $w" => 'getWorkerId() R',
    'worker ' . (1 - $w) => 'worker O', 'getWorkerId() ' . (1 - $w) => 'getWorkerId() O',
]);
?>
--EXPECT--
workers forked: 2
messages 2 to 10 echoed: 9 of 9
<- close 1012 'server restarting'
(the client waits before answering the close frame: the old worker drains meanwhile)
while it drains, the master already runs its replacement: true
a new client is served meanwhile, not by the draining worker: true
-> close 1012 ''
<- EOF
the old worker exits: true
two workers again, one of them new: true
the replacement serves with incarnation (id >> 40) 3
(SIGTERM to the master)
2 x close 1001 'server shutting down', EOF
--- server ---
master: run returned, getWorkerId() NULL
worker O: onWorkerStart, getWorkerId() O
worker O: onWorkerStop
worker R: onWorkerStart, getWorkerId() R
worker R: onWorkerStart, getWorkerId() R
worker R: onWorkerStop
worker R: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker O (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker O started (pid P)
WebSocket\Server master[P]: notice: worker R (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker R (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker R (pid P) is recycling: starting its replacement
WebSocket\Server master[P]: notice: worker R started (pid P)
WebSocket\Server master[P]: notice: worker R started (pid P)
