--TEST--
Frames: a new text or binary frame while a fragmented message is in progress fails the connection with 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 3, 8000, true);
foreach ([[WST_TEXT, WST_TEXT, true], [WST_TEXT, WST_BINARY, true], [WST_BINARY, WST_TEXT, false]] as [$first, $second, $fin]) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, $first, 'part1', ['fin' => false]);
    wst_send($ws, $second, 'new', ['fin' => $fin]);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> text fin=0 masked len=5
-> text fin=1 masked len=3
<- close 1002 '%S'
<- EOF
-> text fin=0 masked len=5
-> binary fin=1 masked len=3
<- close 1002 '%S'
<- EOF
-> binary fin=0 masked len=5
-> text fin=0 masked len=3
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: open 2
server: close 2 1002 '%S'
server: open 3
server: close 3 1002 '%S'
server: run returned
