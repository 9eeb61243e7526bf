--TEST--
Topics through Redis with workers: each worker holds its own Redis link; a publish in one worker reaches the subscribers in the other worker and on another server exactly once (through Redis, not also through the master), and getStats() shows each worker's link
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!trim((string) shell_exec('command -v redis-server'))) die('skip redis-server is not installed (scripts/deps.sh test installs it)');
try {
    new WebSocket\Server('127.0.0.1', 0, ['redis' => []]);
} catch (WebSocket\ServerException $e) {
    die('skip ' . $e->getMessage());
}
?>
--FILE--
<?php
require __DIR__ . '/topics.inc';

$rport = wstt_free_port();
$redis = wstt_redis_start($rport);
$opts = '["redis" => ["port" => ' . $rport . ', "prefix" => "app1:"], "workers" => 2, "ping_interval" => 0, "idle_timeout" => 0]';
$s1 = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ' . $opts . ");\n" . WSTT_SERVER_HANDLER
    . "\necho 'READY ', \$server->getPort(), \"\\n\";\n\$server->run();\n");
$s2 = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ["redis" => ["port" => ' . $rport . ', "prefix" => "app1:"], "ping_interval" => 0, "idle_timeout" => 0]);'
    . "\n" . WSTT_SERVER_HANDLER . "\necho 'READY ', \$server->getPort(), \"\\n\";\n\$server->run();\n");
$by_worker = [0 => [], 1 => []];
for ($i = 0; $i < 12 && (count($by_worker[0]) < 1 || count($by_worker[1]) < 1); $i++) {
    $ws = wst_connect($s1['port'], '/', [], true);
    $who = wstt_cmd($ws, ['op' => 'who']);
    $by_worker[$who['worker']][] = $ws;
    wst_write($ws, wst_frame(WST_TEXT, json_encode(['op' => 'sleep', 'ms' => 300])));
    usleep(50000);
}
$w0 = $by_worker[0][0];
$w1 = $by_worker[1][0];
$other = wst_connect($s2['port'], '/', [], true);
foreach ([$w0, $w1] as $ws) {
    wstt_received($ws, 0.4, 1);
}
foreach ([$w0, $w1, $other] as $ws) {
    wstt_cmd($ws, ['op' => 'sub', 't' => 'feed']);
}
$linked = fn () => (wstt_cmd($w0, ['op' => 'stats'])['redis']['connected'] ?? false)
    && (wstt_cmd($w1, ['op' => 'stats'])['redis']['connected'] ?? false)
    && wstt_redis_cli($rport, 'PUBSUB', 'NUMSUB', 'app1:feed') === "app1:feed\n3";
echo "three links (two workers, one server) subscribed: ", json_encode((bool) wstt_until($linked)), "\n";
for ($i = 1; $i <= 20; $i++) {
    wstt_cmd($w0, ['op' => 'pub', 't' => 'feed', 'd' => "m$i"]);
}
$want = array_map(fn ($i) => "m$i", range(1, 20));
foreach (['worker 0' => $w0, 'worker 1' => $w1, 'other server' => $other] as $name => $ws) {
    $got = wstt_received($ws, 0.6, 20);
    echo "$name got each once, in order: ", json_encode($got === $want), $got === $want ? '' : ' ' . json_encode($got), "\n";
}
$st = wstt_cmd($w0, ['op' => 'stats']);
echo "worker 0 sent nothing on the bus, 20 through Redis: ", json_encode(($st['bus_sent'] ?? -1) === 0 && $st['redis']['published'] === 20), "\n";
wstt_cmd($w0, ['op' => 'stop']);
wstt_cmd($other, ['op' => 'stop']);
foreach ([$w0, $w1, $other] as $ws) {
    wst_wait_eof($ws);
}
foreach (array_merge($by_worker[0], $by_worker[1]) as $ws) {
    wst_wait_eof($ws);
}
wst_finish($s1);
wst_finish($s2);
wstt_redis_kill($redis);
?>
--EXPECTF--
three links (two workers, one server) subscribed: true
worker 0 got each once, in order: true
worker 1 got each once, in order: true
other server got each once, in order: true
worker 0 sent nothing on the bus, 20 through Redis: true
--- server ---
%A
