--TEST--
Frames: UTF-8 is checked across fragments: a code point split between fragments is valid; an invalid sequence spread over fragments, or a message ending inside a code point, fails with 1007
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    wst_say($c->id, "server: message " . bin2hex($data) . "\n");
    $c->send($data);
});
PHP, 3, 8000, true);
$ws = wst_connect($srv['port']);
foreach ([["caf\xc3", "\xa9"], ["\xf0\x9f", "\x98\x80"], ["\xf0", "\x9f\x98", "\x80!"], ["\xe2\x82", "", "\xac"]] as $parts) {
    $last = count($parts) - 1;
    foreach ($parts as $i => $p) {
        wst_send($ws, $i === 0 ? WST_TEXT : WST_CONT, $p, ['fin' => $i === $last, 'label' => ($i === 0 ? 'text' : 'cont') . ' fin=' . (int) ($i === $last) . ' ' . ($p === '' ? '(empty)' : bin2hex($p))]);
    }
    wst_expect($ws);
}
wst_close_cleanly($ws);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, "\xf0\x9f", ['fin' => false, 'label' => 'text fin=0 f09f']);
wst_send($ws, WST_CONT, "\x28\x80", ['label' => 'cont fin=1 2880']);
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, "a\xc3", ['fin' => false, 'label' => 'text fin=0 61c3']);
wst_send($ws, WST_CONT, '', ['label' => 'cont fin=1 (empty)']);
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=0 636166c3
-> cont fin=1 a9
<- text fin=1 len=5 0x636166c3a9
-> text fin=0 f09f
-> cont fin=1 9880
<- text fin=1 len=4 0xf09f9880
-> text fin=0 f0
-> cont fin=0 9f98
-> cont fin=1 8021
<- text fin=1 len=5 0xf09f988021
-> text fin=0 e282
-> cont fin=0 (empty)
-> cont fin=1 ac
<- text fin=1 len=3 0xe282ac
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=0 f09f
-> cont fin=1 2880
<- close 1007 '%S'
<- EOF
<- 101 Switching Protocols
-> text fin=0 61c3
-> cont fin=1 (empty)
<- close 1007 '%S'
<- EOF
--- server ---
server: open 1
server: message 636166c3a9
server: message f09f9880
server: message f09f988021
server: message e282ac
server: close 1 1000 ''
server: open 2
server: close 2 1007 '%S'
server: open 3
server: close 3 1007 '%S'
server: run returned
