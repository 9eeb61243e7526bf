--TEST--
Frames: reserved opcodes 3-7 and 0xB-0xF fail the connection with close 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 10, 8000, true);
foreach ([3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] as $op) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, $op, 'x');
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> op3 fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> op4 fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> op5 fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> op6 fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> op7 fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> opB fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> opC fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> opD fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> opE fin=1 masked len=1
<- close 1002 '%S'
<- EOF
-> opF fin=1 masked len=1
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
server: open 5
server: close 5 1002 '%S'
server: open 6
server: close 6 1002 '%S'
server: open 7
server: close 7 1002 '%S'
server: open 8
server: close 8 1002 '%S'
server: open 9
server: close 9 1002 '%S'
server: open 10
server: close 10 1002 '%S'
server: run returned
