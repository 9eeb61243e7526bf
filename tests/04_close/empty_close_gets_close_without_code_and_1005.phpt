--TEST--
Close: a close frame with no payload is answered by a close frame with no code; onClose gets 1005 and an empty reason
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$ws = wst_connect($srv['port']);
wst_send_close($ws, null);
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close (no code)
<- close (no code)
<- EOF
--- server ---
server: open 1
server: close 1 1005 ''
server: run returned
