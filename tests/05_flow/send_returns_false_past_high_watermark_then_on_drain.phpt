--TEST--
Flow: with a client that does not read, send() returns false once the queue passes high_watermark, getBufferedAmount() shows it; onDrain fires when the client reads again
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536, 'max_buffered' => 1 << 28], <<<'PHP'
$sent = 0;
$server->onMessage(function (WebSocket\Connection $c, string $data) use (&$sent) {
    if ($data === 'small') {
        var_dump($c->send('tiny'));
        return;
    }
    $chunk = str_repeat('x', 65536);
    for ($i = 1; $i <= 4000; $i++) {
        $ok = $c->send($chunk, true);
        $sent++;
        if (!$ok) {
            break;
        }
    }
    $b = $c->getBufferedAmount();
    echo "server: send() returned false: ", var_export(!$ok, true), "\n";
    echo "server: still open: ", var_export($c->isOpen(), true), "\n";
    echo "server: buffered over high_watermark: ", var_export($b > 65536, true), "\n";
    echo "server: buffered at most what was sent: ", var_export($b <= $sent * (65536 + 10), true), "\n";
});
$server->onDrain(function (WebSocket\Connection $c) use (&$sent) {
    echo "server: drain, buffered ", $c->getBufferedAmount(), "\n";
    $c->send("sent $sent");
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'small');
wst_expect($ws);
echo 'no drain for a queue that never passed the watermark: ', wst_quiet_for($ws, 0.2) ? 'yes' : 'no', "\n";
wst_send($ws, WST_TEXT, 'go');
usleep(500000); // not reading: the server's queue fills
echo "(client reads again)\n";
$count = 0;
$last = null;
$deadline = microtime(true) + 20 * WST_SLOW;
while (microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null) {
    if ($f['opcode'] === WST_BINARY && $f['len'] === 65536) {
        $count++;
        continue;
    }
    $last = $f;
    break;
}
echo '<- ', $last ? wst_describe_received($last) : 'nothing after the data', "\n";
$sent = $last ? (int) substr($last['payload'], 5) : -1;
echo "received every queued message: ", $count === $sent ? 'yes' : "no ($count of $sent)", "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=5
<- text fin=1 len=4 'tiny'
no drain for a queue that never passed the watermark: yes
-> text fin=1 masked len=2
(client reads again)
<- text fin=1 len=%d 'sent %d'
received every queued message: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
bool(true)
server: send() returned false: true
server: still open: true
server: buffered over high_watermark: true
server: buffered at most what was sent: true
server: drain, buffered 0
server: close 1 1000 ''
server: run returned
