--TEST--
Frames: a length not in its minimal encoding (RFC 6455 5.2: the minimal number of bytes MUST be used) fails the connection with 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 3, 8000, true);
foreach ([[5, 16], [5, 64], [200, 64]] as [$n, $form]) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, WST_BINARY, str_repeat('x', $n), ['len_form' => $form]);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> binary fin=1 masked len=5 len_form=16
<- close 1002 '%S'
<- EOF
-> binary fin=1 masked len=5 len_form=64
<- close 1002 '%S'
<- EOF
-> binary fin=1 masked len=200 len_form=64
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
