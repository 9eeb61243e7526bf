--TEST--
Frames: a continuation frame with no message in progress fails the connection with 1002 (final or not)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 3, 8000, true);
$ws = wst_connect($srv['port'], '/', [], true);
wst_send($ws, WST_CONT, 'orphan');
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port'], '/', [], true);
wst_send($ws, WST_CONT, 'orphan', ['fin' => false]);
wst_expect($ws);
wst_expect_eof($ws);
// After a complete fragmented message, another continuation is also an orphan.
$ws = wst_connect($srv['port'], '/', [], true);
wst_send($ws, WST_TEXT, 'ab', ['fin' => false]);
wst_send($ws, WST_CONT, 'cd');
wst_expect($ws);
wst_send($ws, WST_CONT, 'ef');
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
-> cont fin=1 masked len=6
<- close 1002 '%S'
<- EOF
-> cont fin=0 masked len=6
<- close 1002 '%S'
<- EOF
-> text fin=0 masked len=2
-> cont fin=1 masked len=2
<- text fin=1 len=4 'abcd'
-> cont fin=1 masked len=2
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
