--TEST--
Flow: buffer_full_policy close: a message that would take the queue past max_buffered closes the connection with 1008; the queue stays bounded
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536, 'max_buffered' => 1 << 20, 'buffer_full_policy' => 'close', 'close_timeout' => 3000], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $chunk = str_repeat('x', 65536);
    $max = 0;
    $falses = 0;
    for ($i = 0; $i < 2000 && $c->isOpen(); $i++) {
        if (!$c->send($chunk, true)) {
            $falses++;
        }
        $max = max($max, $c->getBufferedAmount());
    }
    echo "server: some send() returned false: ", var_export($falses > 0, true), "\n";
    echo "server: closed by the policy before 2000 sends: ", var_export(!$c->isOpen() && $i < 2000, true), "\n";
    echo "server: queue stayed within max_buffered: ", var_export($max <= (1 << 20), true), "\n";
    echo "server: send() on the closed connection: ", var_export($c->send('late'), true), "\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'go');
usleep(500000);
echo "(client reads again)\n";
$deadline = microtime(true) + 20 * WST_SLOW;
$close = null;
for ($n = 0; $n < 100000 && microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null; $n++) {
    if ($f['opcode'] === WST_CLOSE) {
        $close = $f;
        break;
    }
}
echo '<- ', $close ? wst_describe_received($close) : ($ws->eof ? 'EOF without a close frame' : 'TIMEOUT'), "\n";
wst_send_close($ws, 1008);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=2
(client reads again)
<- close 1008 '%S'
-> close 1008 ''
<- EOF
--- server ---
server: open 1
server: some send() returned false: true
server: closed by the policy before 2000 sends: true
server: queue stayed within max_buffered: true
server: send() on the closed connection: false
server: close 1 1008 '%S'
server: run returned
