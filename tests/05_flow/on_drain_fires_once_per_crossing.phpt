--TEST--
Flow: onDrain fires once each time a queue that went over high_watermark empties (two rounds, two calls), with getBufferedAmount() 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536, 'max_buffered' => 1 << 28], <<<'PHP'
$drains = 0;
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $chunk = str_repeat('f', 65536);
    for ($i = 1; $i <= 4000 && $c->send($chunk, true); $i++);
    echo "server: round '$data': send() returned false\n";
});
$server->onDrain(function (WebSocket\Connection $c) use (&$drains) {
    $drains++;
    echo "server: drain #$drains, buffered ", $c->getBufferedAmount(), "\n";
    $c->send("drained $drains");
});
PHP);
$ws = wst_connect($srv['port']);
foreach (['one', 'two'] as $round) {
    wst_send($ws, WST_TEXT, $round);
    usleep(300000);
    $last = null;
    for ($n = 0, $deadline = microtime(true) + 20 * WST_SLOW; $n < 100000 && microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null; $n++) {
        if ($f['opcode'] !== WST_BINARY) {
            $last = $f;
            break;
        }
    }
    echo '<- ', $last ? wst_describe_received($last) : 'nothing after the data', "\n";
}
echo 'no third drain: ', wst_quiet_for($ws, 0.3) ? 'yes' : 'no', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=3
<- text fin=1 len=9 'drained 1'
-> text fin=1 masked len=3
<- text fin=1 len=9 'drained 2'
no third drain: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: round 'one': send() returned false
server: drain #1, buffered 0
server: round 'two': send() returned false
server: drain #2, buffered 0
server: close 1 1000 ''
server: run returned
