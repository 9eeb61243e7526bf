--TEST--
Frames: fragmented text and binary messages (empty fragments included) reach onMessage once, reassembled, with the binary flag of the first frame
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    $shown = strlen($data) > 40 ? strlen($data) . ' bytes' : "'" . ($binary ? bin2hex($data) : $data) . "'";
    echo "server: message binary=", var_export($binary, true), " $shown\n";
    $c->send($data, $binary);
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'Hel', ['fin' => false]);
wst_send($ws, WST_CONT, 'lo, ', ['fin' => false]);
wst_send($ws, WST_CONT, 'world');
wst_expect($ws);
wst_send($ws, WST_BINARY, "\x01", ['fin' => false]);
wst_send($ws, WST_CONT, '', ['fin' => false]);
wst_send($ws, WST_CONT, "\x02\x03");
wst_expect($ws);
wst_send($ws, WST_TEXT, '', ['fin' => false]);
wst_send($ws, WST_CONT, '');
wst_expect($ws);
$big = str_repeat('0123456789', 20000);
foreach (str_split($big, 50000) as $i => $part) {
    wst_send($ws, $i === 0 ? WST_TEXT : WST_CONT, $part, ['fin' => $i === 3]);
}
$f = wst_expect($ws);
echo '   200000 bytes reassembled in order: ', ($f['payload'] ?? '') === $big ? 'yes' : 'no', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=0 masked len=3
-> cont fin=0 masked len=4
-> cont fin=1 masked len=5
<- text fin=1 len=12 'Hello, world'
-> binary fin=0 masked len=1
-> cont fin=0 masked len=0
-> cont fin=1 masked len=2
<- binary fin=1 len=3 0x010203
-> text fin=0 masked len=0
-> cont fin=1 masked len=0
<- text fin=1 len=0
-> text fin=0 masked len=50000
-> cont fin=0 masked len=50000
-> cont fin=0 masked len=50000
-> cont fin=1 masked len=50000
<- text fin=1 len=200000 '0123456789012345678901234567890123456789'...
   200000 bytes reassembled in order: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: message binary=false 'Hello, world'
server: message binary=true '010203'
server: message binary=false ''
server: message binary=false 200000 bytes
server: close 1 1000 ''
server: run returned
