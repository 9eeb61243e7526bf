--TEST--
Flow: a message larger than max_buffered sent on an empty queue is accepted (queued, send() false over high_watermark), not refused by the policy
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 32768, 'max_buffered' => 65536, 'buffer_full_policy' => 'close'], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $big = str_repeat('0123456789abcdef', 1 << 20); // 16 MiB
    $ok = $c->send($big, true);
    echo "server: send() of 16 MiB on an empty queue returned ", var_export($ok, true), "\n";
    echo "server: still open: ", var_export($c->isOpen(), true), "\n";
    echo "server: part of it queued: ", var_export($c->getBufferedAmount() > 0, true), "\n";
});
$server->onDrain(function (WebSocket\Connection $c) {
    echo "server: drain\n";
    $c->send('done');
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'go');
usleep(300000);
$f = wst_expect($ws, 20);
echo '   16 MiB intact: ', ($f['payload'] ?? '') === str_repeat('0123456789abcdef', 1 << 20) ? 'yes' : 'no', "\n";
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- binary fin=1 len=16777216 '0123456789abcdef0123456789abcdef01234567'...
   16 MiB intact: yes
<- text fin=1 len=4 'done'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: send() of 16 MiB on an empty queue returned false
server: still open: true
server: part of it queued: true
server: drain
server: close 1 1000 ''
server: run returned
