--TEST--
Handshake: a plain GET without an Upgrade header gets 426 Upgrade Required
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$resp = wst_handshake_raw($srv['port'], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", $ws);
echo "plain GET: ", wst_status_code($resp), "\n";
wst_close_socket($ws);
$resp = wst_handshake_raw($srv['port'], wst_request('/', ['Upgrade' => null]), $ws);
echo "websocket headers but no Upgrade: ", wst_status_code($resp), "\n";
wst_close_socket($ws);
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
plain GET: HTTP/1.1 426
websocket headers but no Upgrade: HTTP/1.1 426
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
