--TEST--
Topics through Redis: a graceful stop (SIGTERM) waits (at most a second) until what onShutdown and onClose published has been acknowledged by Redis, so the other servers' subscribers get those last messages
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
require __DIR__ . '/../11_workers/workers.inc';

$rport = wstt_free_port();
$redis = wstt_redis_start($rport);
$opts = '["redis" => ["port" => ' . $rport . '], "ping_interval" => 0, "idle_timeout" => 0, "log_level" => "warning"]';
$leaving = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ' . $opts . ");\n" . <<<'PHP'
$server->onShutdown(function (int $code) use ($server) {
    $server->publish('room', "shutdown $code");
});
$server->onClose(function (WebSocket\Connection $c) use ($server) {
    $server->publish('room', "bye {$c->id}");
});
$server->after(0, function () use ($server) {
    echo 'READY ', $server->getPort(), "\n";
});
$server->run();
PHP, WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$staying = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ' . $opts . ");\n" . WSTT_SERVER_HANDLER
    . "\necho 'READY ', \$server->getPort(), \"\\n\";\n\$server->run();\n");
$listener = wst_connect($staying['port'], '/', [], true);
wstt_cmd($listener, ['op' => 'sub', 't' => 'room']);
$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($leaving['port'], '/', [], true);
}
echo "subscribed in Redis: ", json_encode((bool) wstt_until(fn () => wstt_redis_cli($rport, 'PUBSUB', 'NUMSUB', 'ws:room') === "ws:room\n1")), "\n";
wsw_kill(wsw_pid($leaving), 'TERM');
foreach ($clients as $ws) {
    $f = wst_recv_frame($ws);
    echo "client of the stopping server: close ", $f ? unpack('n', $f['payload'])[1] : 'none', "\n";
    wst_send_close($ws, 1001);
    wst_wait_eof($ws);
}
$got = wstt_received($listener, 1.5, 4);
sort($got);
echo "the other server's subscriber got: ", json_encode($got), "\n";
wstt_cmd($listener, ['op' => 'stop']);
wst_wait_eof($listener);
wst_finish($leaving);
wst_finish($staying);
wstt_redis_kill($redis);
?>
--EXPECT--
subscribed in Redis: true
client of the stopping server: close 1001
-> close 1001 ''
client of the stopping server: close 1001
-> close 1001 ''
client of the stopping server: close 1001
-> close 1001 ''
the other server's subscriber got: ["bye 1","bye 2","bye 3","shutdown 1001"]
--- server ---
--- server ---
