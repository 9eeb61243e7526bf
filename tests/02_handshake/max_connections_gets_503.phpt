--TEST--
Handshake: beyond max_connections (handshakes in progress included) new clients get 503; a freed slot is usable again
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_connections' => 2], '', 2);
$a = wst_connect($srv['port']);
$pending = wst_tcp($srv['port']);
wst_send_raw($pending, "GET / HTTP/1.1\r\n", 'half a request (handshake in progress)');
usleep(100000);
$resp = wst_handshake_raw($srv['port'], wst_request(), $third);
echo "third client: ", wst_status_code($resp), "\n";
wst_close_socket($third);
wst_drop($pending);
usleep(300000);
echo "after a slot was freed: ";
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'b');
wst_expect($b);
wst_close_cleanly($a);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> half a request (handshake in progress)
third client: HTTP/1.1 503
-> TCP close (no close frame)
after a slot was freed: <- 101 Switching Protocols
-> text fin=1 masked len=1
<- text fin=1 len=1 'b'
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: open %d
server: close %d 1000 ''
server: close %d 1000 ''
server: run returned
