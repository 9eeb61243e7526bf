--TEST--
Close: a close frame with a 1-byte payload is a protocol error: close 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500]);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_CLOSE, "\x03");
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> close fin=1 masked len=1
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: run returned
