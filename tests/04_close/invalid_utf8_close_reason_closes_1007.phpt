--TEST--
Close: a close reason that is not valid UTF-8 gets close 1007
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 2, 8000, true);
foreach (["\xff", "ok\xc3"] as $reason) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send_close($ws, 1000, $reason);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> close 1000 0xff
<- close 1007 '%S'
<- EOF
-> close 1000 0x6f6bc3
<- close 1007 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1007 '%S'
server: open 2
server: close 2 1007 '%S'
server: run returned
