--TEST--
Topics through Redis: two servers sharing a real redis-server: a publish on either reaches the subscribers on both exactly once, $except applies on the other server too; PUBLISH from redis-cli and from phpredis (text, binary envelope, except) reaches both; the bare prefix channel reaches everyone; invalid UTF-8 text from outside is dropped with a warning; Redis killed: local delivery goes on and the publishes are counted; Redis back: resubscribed, delivery resumes
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
$code = '$server = new WebSocket\Server("127.0.0.1", 0, ["redis" => ["host" => "127.0.0.1", "port" => ' . $rport . '], "log_level" => "warning", "ping_interval" => 0, "idle_timeout" => 0]);'
    . "\n" . WSTT_SERVER_HANDLER . "\necho 'READY ', \$server->getPort(), \"\\n\";\n\$server->run();\n";
$s1 = wst_spawn_server($code);
$s2 = wst_spawn_server($code);
$a1 = wst_connect($s1['port'], '/', [], true);
$b1 = wst_connect($s1['port'], '/', [], true);
$a2 = wst_connect($s2['port'], '/', [], true);
wstt_cmd($a1, ['op' => 'sub', 't' => 'room']);
wstt_cmd($a2, ['op' => 'sub', 't' => 'room']);
$linked = fn () => (wstt_cmd($a1, ['op' => 'stats'])['redis']['connected'] ?? false)
    && (wstt_cmd($a2, ['op' => 'stats'])['redis']['connected'] ?? false)
    && wstt_redis_cli($rport, 'PUBSUB', 'NUMSUB', 'ws:room') === "ws:room\n2";
echo "both servers linked and subscribed: ", json_encode((bool) wstt_until($linked)), "\n";
$who1 = wstt_cmd($a1, ['op' => 'who']);

echo "a1 publishes (accepted here): ", json_encode(wstt_cmd($a1, ['op' => 'pub', 't' => 'room', 'd' => 'hello'])), "\n";
echo "a2 publishes leaving itself out: ", json_encode(wstt_cmd($a2, ['op' => 'pubx', 't' => 'room', 'd' => 'from a2'])), "\n";
echo "redis-cli PUBLISH: ", wstt_redis_cli($rport, 'PUBLISH', 'ws:room', 'from redis-cli'), " receivers\n";
/* From another PHP process with phpredis, as a PHP-FPM request or a cron script would. */
$publisher = <<<'PUB'
$r = new Redis();
$r->connect('127.0.0.1', (int) $argv[1]);
$r->publish('ws:room', "\0" . http_build_query(['binary' => 1, 'except' => $argv[2]]) . "\n" . "\x01\x02\x03");
$r->publish('ws:room', "text with an envelope");
$r->publish('ws:room', "\xc3\x28 not UTF-8");
$r->publish('ws:', 'to everyone');
echo "phpredis published\n";
PUB;
echo shell_exec(PHP_BINARY . ' -n -d extension=igbinary -d extension=redis -r ' . escapeshellarg($publisher) . ' '
    . $rport . ' ' . escapeshellarg($who1['cid']) . ' 2>&1');
foreach (['a1' => [$a1, 5], 'a2' => [$a2, 5], 'b1' => [$b1, 1]] as $name => [$ws, $n]) {
    echo "$name got: ", json_encode(wstt_received($ws, 0.5, $n)), "\n";
}

echo "--- redis killed\n";
wstt_redis_kill($redis);
echo "a1 still connected to redis: ", json_encode((bool) wstt_until(fn () => !(wstt_cmd($a1, ['op' => 'stats'])['redis']['connected'] ?? true)) ? false : true), "\n";
usleep(300000);
echo "a1 publishes during the outage (accepted here): ", json_encode(wstt_cmd($a1, ['op' => 'pub', 't' => 'room', 'd' => 'during'])), "\n";
$st = wstt_cmd($a1, ['op' => 'stats'])['redis'];
echo "counted as not sent through Redis: ", json_encode($st['publish_failed'] >= 1), ", down for >= 0.25 s: ", json_encode($st['down_for'] >= 0.25), "\n";
foreach (['a1' => [$a1, 1], 'a2' => [$a2, 0]] as $name => [$ws, $n]) {
    echo "$name got: ", json_encode(wstt_received($ws, 0.3, $n)), "\n";
}

echo "--- redis restarted\n";
$redis = wstt_redis_start($rport);
echo "both servers linked and subscribed again: ", json_encode((bool) wstt_until($linked, 15.0)), "\n";
echo "a2 publishes: ", json_encode(wstt_cmd($a2, ['op' => 'pub', 't' => 'room', 'd' => 'after'])), "\n";
foreach (['a1' => $a1, 'a2' => $a2] as $name => $ws) {
    echo "$name got: ", json_encode(wstt_received($ws, 0.5, 1)), "\n";
}
$st = wstt_cmd($a1, ['op' => 'stats'])['redis'];
echo "reconnects counted: ", json_encode($st['reconnects'] >= 1), ", received some: ", json_encode($st['received'] >= 3), "\n";
wstt_cmd($a1, ['op' => 'stop']);
wstt_cmd($a2, ['op' => 'stop']);
foreach ([$a1, $b1, $a2] as $ws) {
    wst_wait_eof($ws);
}
wst_finish($s1);
wst_finish($s2);
wstt_redis_kill($redis);
?>
--EXPECTF--
both servers linked and subscribed: true
a1 publishes (accepted here): 1
a2 publishes leaving itself out: 0
redis-cli PUBLISH: 2 receivers
phpredis published
a1 got: ["hello","from a2","from redis-cli","text with an envelope","to everyone"]
a2 got: ["hello","from redis-cli","bin:010203","text with an envelope","to everyone"]
b1 got: ["to everyone"]
--- redis killed
a1 still connected to redis: false
a1 publishes during the outage (accepted here): 1
counted as not sent through Redis: true, down for >= 0.25 s: true
a1 got: ["during"]
a2 got: []
--- redis restarted
both servers linked and subscribed again: true
a2 publishes: 1
a1 got: ["after"]
a2 got: ["after"]
reconnects counted: true, received some: true
--- server ---
--- server stderr ---
%A
--- server ---
--- server stderr ---
%A
