--TEST--
Frames: a text message that is not valid UTF-8 (bad bytes, overlong, surrogate, over U+10FFFF, truncated) fails with 1007 and never reaches onMessage
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
    wst_say($c->id, "server: onMessage got " . bin2hex($data) . "\n");
});
PHP, 9, 8000, true);
$cases = ["\xff", "ok\xfe", "\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "abc\xc3", "\xf8\x88\x80\x80\x80"];
foreach ($cases as $bad) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, WST_TEXT, $bad, ['label' => 'text ' . bin2hex($bad)]);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> text ff
<- close 1007 '%S'
<- EOF
-> text 6f6bfe
<- close 1007 '%S'
<- EOF
-> text c328
<- close 1007 '%S'
<- EOF
-> text c0af
<- close 1007 '%S'
<- EOF
-> text e080af
<- close 1007 '%S'
<- EOF
-> text eda080
<- close 1007 '%S'
<- EOF
-> text f4908080
<- close 1007 '%S'
<- EOF
-> text 616263c3
<- close 1007 '%S'
<- EOF
-> text f888808080
<- close 1007 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1007 '%S'
server: open 2
server: close 2 1007 '%S'
server: open 3
server: close 3 1007 '%S'
server: open 4
server: close 4 1007 '%S'
server: open 5
server: close 5 1007 '%S'
server: open 6
server: close 6 1007 '%S'
server: open 7
server: close 7 1007 '%S'
server: open 8
server: close 8 1007 '%S'
server: open 9
server: close 9 1007 '%S'
server: run returned
