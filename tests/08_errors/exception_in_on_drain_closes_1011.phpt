--TEST--
Errors: an exception thrown by onDrain goes to onError with the connection, which is closed with 1011
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $chunk = str_repeat('d', 65536);
    for ($i = 0; $i < 4000 && $c->send($chunk, true); $i++);
});
$server->onDrain(function (WebSocket\Connection $c) {
    throw new RangeException('thrown in onDrain');
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'fill');
usleep(300000);
$close = null;
$deadline = microtime(true) + 10 * WST_SLOW;
for ($n = 0; $n < 100000 && microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null; $n++) {
    if ($f['opcode'] !== WST_BINARY) {
        $close = $f;
        break;
    }
}
echo '<- ', $close ? wst_describe_received($close) : 'no close frame', "\n";
wst_send_close($ws, 1011);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1011 '%S'
-> close 1011 ''
<- EOF
--- server ---
server: open 1
server: error 1 RangeException: thrown in onDrain
server: close 1 1011 '%S'
server: run returned
