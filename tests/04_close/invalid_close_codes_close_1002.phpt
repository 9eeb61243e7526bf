--TEST--
Close: a client close with a code that must not be sent (0, 999, 1004-1006, 1015, 1016, 2999, 5000, 65535) gets close 1002
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 10, 8000, true);
foreach ([0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535] as $code) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send_close($ws, $code, 'x');
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
-> close 0 'x'
<- close 1002 '%S'
<- EOF
-> close 999 'x'
<- close 1002 '%S'
<- EOF
-> close 1004 'x'
<- close 1002 '%S'
<- EOF
-> close 1005 'x'
<- close 1002 '%S'
<- EOF
-> close 1006 'x'
<- close 1002 '%S'
<- EOF
-> close 1015 'x'
<- close 1002 '%S'
<- EOF
-> close 1016 'x'
<- close 1002 '%S'
<- EOF
-> close 2999 'x'
<- close 1002 '%S'
<- EOF
-> close 5000 'x'
<- close 1002 '%S'
<- EOF
-> close 65535 'x'
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
