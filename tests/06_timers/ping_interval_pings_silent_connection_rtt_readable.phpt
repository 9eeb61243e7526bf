--TEST--
Timers: ping_interval pings a connection from which nothing arrived; the pong makes getRtt() a float (null before)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['ping_interval' => 200, 'idle_timeout' => 3000], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: rtt before any pong: ", var_export($c->getRtt(), true), "\n";
});
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $rtt = $c->getRtt();
    echo "server: rtt is a float: ", var_export(is_float($rtt), true), ", in [0, 1000) ms: ", var_export(is_float($rtt) && $rtt >= 0 && $rtt < 1000 * WST_SLOW, true), "\n";
    $c->send('ok');
});
PHP);
$t0 = microtime(true); // the server counts from the request it received
$ws = wst_connect($srv['port']);
$f = wst_recv_frame($ws, 2.0);
$dt = microtime(true) - $t0;
echo '<- ', $f ? wst_opcode_name($f['opcode']) : 'nothing', ($dt >= 0.15 && $dt < 2.0 * WST_SLOW) ? ' after about ping_interval' : " after $dt s", "\n";
if ($f && $f['opcode'] === WST_PING) {
    wst_send($ws, WST_PONG, $f['payload'], ['label' => 'pong with the same payload']);
}
usleep(50000);
wst_send($ws, WST_TEXT, 'rtt?');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- ping after about ping_interval
-> pong with the same payload
-> text fin=1 masked len=4
<- text fin=1 len=2 'ok'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: rtt before any pong: NULL
server: rtt is a float: true, in [0, 1000) ms: true
server: close 1 1000 ''
server: run returned
