--TEST--
Frames: an unmasked frame from the client fails the connection with close 1002; onClose gets 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 2, 8000, true);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'hello', ['mask' => false]);
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port']);
wst_send_raw($ws, "\x81\x05hello", 'raw 81 05 hello (unmasked text)');
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 unmasked len=5
<- close 1002 '%S'
<- EOF
<- 101 Switching Protocols
-> raw 81 05 hello (unmasked text)
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: open 2
server: close 2 1002 '%S'
server: run returned
