--TEST--
Frames: invalid UTF-8 in the first fragment of a text message fails with 1007 at once, without waiting for the rest of the message
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 2, 8000, true);
foreach (["ok\xff", "\xc3\x28 and more"] as $bad) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, WST_TEXT, $bad, ['fin' => false, 'label' => 'text fin=0 ' . bin2hex($bad) . ' (the rest never sent)']);
    wst_expect($ws, 2.0);
    wst_expect_eof($ws, 2.0);
}
wst_finish($srv);
?>
--EXPECTF--
-> text fin=0 6f6bff (the rest never sent)
<- close 1007 '%S'
<- EOF
-> text fin=0 c32820616e64206d6f7265 (the rest never sent)
<- close 1007 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1007 '%S'
server: open 2
server: close 2 1007 '%S'
server: run returned
