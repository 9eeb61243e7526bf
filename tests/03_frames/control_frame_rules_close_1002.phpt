--TEST--
Frames: a fragmented control frame (ping, pong, close) or one with a payload over 125 bytes fails the connection with 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 6, 8000, true);
$cases = [
    [WST_PING, 'p', ['fin' => false]],
    [WST_PONG, 'p', ['fin' => false]],
    [WST_CLOSE, "\x03\xe8", ['fin' => false]],
    [WST_PING, str_repeat('p', 126), []],
    [WST_PONG, str_repeat('p', 126), []],
    [WST_CLOSE, "\x03\xe8" . str_repeat('r', 124), []],
];
foreach ($cases as [$op, $payload, $o]) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, $op, $payload, $o);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> ping fin=0 masked len=1
<- close 1002 '%S'
<- EOF
-> pong fin=0 masked len=1
<- close 1002 '%S'
<- EOF
-> close fin=0 masked len=2
<- close 1002 '%S'
<- EOF
-> ping fin=1 masked len=126
<- close 1002 '%S'
<- EOF
-> pong fin=1 masked len=126
<- close 1002 '%S'
<- EOF
-> close fin=1 masked len=126
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
server: run returned
