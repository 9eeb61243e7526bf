--TEST--
Close: a client close with code and reason is echoed, then TCP is closed; onClose gets the client's code and reason
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], '', 2, 8000, true);
$ws = wst_connect($srv['port']);
wst_send_close($ws, 1000, 'bye');
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port']);
wst_send_close($ws, 4321, "caf\u{e9} \u{1F600}");
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 'bye'
<- close 1000 'bye'
<- EOF
<- 101 Switching Protocols
-> close 4321 0x636166c3a920f09f9880
<- close 4321 0x636166c3a920f09f9880
<- EOF
--- server ---
server: open 1
server: close 1 1000 'bye'
server: open 2
server: close 2 4321 'café 😀'
server: run returned
