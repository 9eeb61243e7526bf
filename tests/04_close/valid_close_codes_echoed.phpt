--TEST--
Close: every code a client may send (1000-1003, 1007-1014, 3000-4999) is echoed and reaches onClose
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], '', 14, 8000, true);
foreach ([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999] as $code) {
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_send_close($ws, $code);
    wst_expect($ws);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1001 ''
<- close 1001 ''
<- EOF
-> close 1002 ''
<- close 1002 ''
<- EOF
-> close 1003 ''
<- close 1003 ''
<- EOF
-> close 1007 ''
<- close 1007 ''
<- EOF
-> close 1008 ''
<- close 1008 ''
<- EOF
-> close 1009 ''
<- close 1009 ''
<- EOF
-> close 1010 ''
<- close 1010 ''
<- EOF
-> close 1011 ''
<- close 1011 ''
<- EOF
-> close 1012 ''
<- close 1012 ''
<- EOF
-> close 1013 ''
<- close 1013 ''
<- EOF
-> close 1014 ''
<- close 1014 ''
<- EOF
-> close 3000 ''
<- close 3000 ''
<- EOF
-> close 4999 ''
<- close 4999 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1001 ''
server: open 3
server: close 3 1002 ''
server: open 4
server: close 4 1003 ''
server: open 5
server: close 5 1007 ''
server: open 6
server: close 6 1008 ''
server: open 7
server: close 7 1009 ''
server: open 8
server: close 8 1010 ''
server: open 9
server: close 9 1011 ''
server: open 10
server: close 10 1012 ''
server: open 11
server: close 11 1013 ''
server: open 12
server: close 12 1014 ''
server: open 13
server: close 13 3000 ''
server: open 14
server: close 14 4999 ''
server: run returned
