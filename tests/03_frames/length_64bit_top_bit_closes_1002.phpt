--TEST--
Frames: a 64-bit length with the most significant bit set (RFC 6455 5.2: MUST be 0) fails the connection with 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 2, 8000, true);
foreach ([PHP_INT_MIN, PHP_INT_MIN | 5] as $len) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send($ws, WST_BINARY, 'xxxxx', ['len' => $len]);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> binary fin=1 masked declared_len=0x8000000000000000 sent=5
<- close 1002 '%S'
<- EOF
-> binary fin=1 masked declared_len=0x8000000000000005 sent=5
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: open 2
server: close 2 1002 '%S'
server: run returned
