--TEST--
Frames: a fragment ending in bytes that can start no valid code point (ED A0 surrogate prefix, F4 90 over U+10FFFF) fails with 1007 at once
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 2, 8000, true);
foreach (["ok\xed\xa0", "ok\xf4\x90"] as $bad) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, WST_TEXT, $bad, ['fin' => false, 'label' => 'text fin=0 ' . bin2hex($bad) . ' (the rest never sent)']);
    wst_expect($ws, 2.0);
    wst_expect_eof($ws, 2.0);
}
wst_finish($srv);
?>
--EXPECTF--
-> text fin=0 6f6beda0 (the rest never sent)
<- close 1007 '%S'
<- EOF
-> text fin=0 6f6bf490 (the rest never sent)
<- close 1007 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1007 '%S'
server: open 2
server: close 2 1007 '%S'
server: run returned
