--TEST--
Frames: any RSV bit set (no extension negotiated) fails the connection with close 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 4, 8000, true);
foreach ([[WST_TEXT, 4], [WST_TEXT, 2], [WST_BINARY, 1], [WST_PING, 4]] as [$op, $rsv]) {
    $ws = wst_connect($srv['port']);
    wst_send($ws, $op, 'x', ['rsv' => $rsv]);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 rsv=4 masked len=1
<- close 1002 '%S'
<- EOF
<- 101 Switching Protocols
-> text fin=1 rsv=2 masked len=1
<- close 1002 '%S'
<- EOF
<- 101 Switching Protocols
-> binary fin=1 rsv=1 masked len=1
<- close 1002 '%S'
<- EOF
<- 101 Switching Protocols
-> ping fin=1 rsv=4 masked len=1
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: open 2
server: close 2 1002 '%S'
server: open 3
server: close 3 1002 '%S'
server: open 4
server: close 4 1002 '%S'
server: run returned
