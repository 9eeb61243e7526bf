--TEST--
Topics with workers: a publish in one worker reaches the subscribers in every worker, in publish order, leaving out $except wherever it is; getSubscriberCount($t, true) counts every worker's subscribers and drops a closed one's; broadcast() reaches every worker's connections
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/topics.inc';

$srv = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ["workers" => 2, "ping_interval" => 0, "idle_timeout" => 0]);' . "\n" . WSTT_SERVER_HANDLER . <<<'PHP'
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
/* Spread clients over both workers: a worker busy sleeping does not accept, the other one does. */
$by_worker = [0 => [], 1 => []];
for ($i = 0; $i < 12 && (count($by_worker[0]) < 2 || count($by_worker[1]) < 2); $i++) {
    $ws = wst_connect($srv['port'], '/', [], true);
    $who = wstt_cmd($ws, ['op' => 'who']);
    $by_worker[$who['worker']][] = $ws;
    if (count($by_worker[$who['worker']]) >= 2) {
        wst_write($ws, wst_frame(WST_TEXT, json_encode(['op' => 'sleep', 'ms' => 300])));
        usleep(50000);
    }
}
echo "two on each worker: ", json_encode(count($by_worker[0]) >= 2 && count($by_worker[1]) >= 2), "\n";
[$a, $b] = $by_worker[0];
[$c, $d] = $by_worker[1];
foreach ([$a, $b, $c, $d] as $ws) {
    wstt_received($ws, 0.4); /* the answers of the sleeps */
}
foreach ([$a, $c, $d] as $ws) {
    wstt_cmd($ws, ['op' => 'sub', 't' => 'room']);
}
usleep((int) (200000 * WST_SLOW));
echo "count here (worker 0, a): ", json_encode(wstt_cmd($a, ['op' => 'count', 't' => 'room'])), ", all workers: ",
    json_encode(wstt_cmd($a, ['op' => 'countall', 't' => 'room'])), "\n";
echo "count from worker 1: ", json_encode(wstt_cmd($c, ['op' => 'countall', 't' => 'room'])), "\n";
for ($i = 1; $i <= 50; $i++) {
    wstt_cmd($b, ['op' => 'pub', 't' => 'room', 'd' => "m$i"]);
}
echo "b (worker 0, not subscribed) publishes 50, then a publishes leaving itself out: ",
    json_encode(wstt_cmd($a, ['op' => 'pubx', 't' => 'room', 'd' => 'not to a'])), "\n";
$want = array_map(fn ($i) => "m$i", range(1, 50));
foreach (['a' => $a, 'c' => $c, 'd' => $d] as $name => $ws) {
    $got = wstt_received($ws, 0.8, $name === 'a' ? 50 : 51);
    $exp = $name === 'a' ? $want : array_merge($want, ['not to a']);
    echo "$name got all, in order: ", json_encode($got === $exp), $got === $exp ? '' : ' ' . json_encode($got), "\n";
}
echo "b got: ", json_encode(wstt_received($b, 0.2, 0)), "\n";
wst_close_cleanly($d);
usleep((int) (200000 * WST_SLOW));
echo "after d closed, all workers from worker 0: ", json_encode(wstt_cmd($a, ['op' => 'countall', 't' => 'room'])), "\n";
echo "c broadcasts, leaving itself out: ", json_encode(wstt_cmd($c, ['op' => 'bcast', 'd' => 'to everyone'])), "\n";
foreach (['a' => $a, 'b' => $b, 'c' => $c] as $name => $ws) {
    echo "$name got: ", json_encode(wstt_received($ws, 0.5, $name === 'c' ? 0 : 1)), "\n";
}
wstt_cmd($a, ['op' => 'stop']);
foreach ([$a, $b, $c] as $ws) {
    wst_wait_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
two on each worker: true
count here (worker 0, a): 1, all workers: 3
count from worker 1: 3
b (worker 0, not subscribed) publishes 50, then a publishes leaving itself out: 0
a got all, in order: true
c got all, in order: true
d got all, in order: true
b got: []
-> close 1000 ''
<- close 1000 ''
<- EOF
after d closed, all workers from worker 0: 2
c broadcasts, leaving itself out: 0
a got: ["to everyone"]
b got: ["to everyone"]
c got: []
--- server ---
%A
