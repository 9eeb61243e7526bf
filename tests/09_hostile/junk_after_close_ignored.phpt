--TEST--
Hostile: junk interleaved after the client's close frame (garbage, unmasked and reserved frames, more data) is ignored: a clean close 1000, no 1002, no message
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    wst_say($c->id, "server: message '$data'\n");
    $c->send($data);
});
PHP, 2, 8000, true);

echo "== junk in the same write as the close frame\n";
$ws = wst_connect($srv['port']);
$junk = "\xff\xff\xff\xff" . wst_frame(WST_TEXT, 'unmasked', ['mask' => false]) . wst_frame(0x3, 'reserved')
    . wst_frame(WST_TEXT, "\xc0\xaf") . wst_frame(WST_TEXT, 'masked text') . str_repeat("\x00", 100);
wst_send($ws, WST_TEXT, 'before');
wst_expect($ws);
wst_send_raw($ws, wst_frame(WST_CLOSE, pack('n', 1000) . 'bye') . $junk, 'close 1000 bye + ' . strlen($junk) . ' bytes of junk');
wst_expect($ws);
wst_send_raw($ws, $junk, 'more junk after the close answer');
wst_expect_eof($ws);

echo "== junk in separate writes after the close frame\n";
$ws = wst_connect($srv['port']);
wst_send_close($ws, 1000);
for ($i = 0; $i < 20; $i++) {
    if (!wst_write($ws, $junk, 1.0)) {
        break;
    }
}
echo "-> junk, 20 times (or until the server closed)\n";
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
== junk in the same write as the close frame
<- 101 Switching Protocols
-> text fin=1 masked len=6
<- text fin=1 len=6 'before'
-> close 1000 bye + 153 bytes of junk
<- close 1000 'bye'
-> more junk after the close answer
<- EOF
== junk in separate writes after the close frame
<- 101 Switching Protocols
-> close 1000 ''
-> junk, 20 times (or until the server closed)
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: message 'before'
server: close 1 1000 'bye'
server: open 2
server: close 2 1000 ''
server: run returned
