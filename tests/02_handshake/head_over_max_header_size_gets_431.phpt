--TEST--
Handshake: a request head over max_header_size gets 431, also when its end has not arrived yet; one under the limit is accepted
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_header_size' => 1024]);
$big = wst_request('/', ['X-Pad' => str_repeat('a', 2000)]);
$resp = wst_handshake_raw($srv['port'], $big, $ws);
echo "2 KB head: ", wst_status_code($resp), "\n";
wst_close_socket($ws);
// The head never ends: the server must answer once it has seen more than the limit, not wait for the blank line.
$endless = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " . str_repeat('b', 3000);
$resp = wst_handshake_raw($srv['port'], $endless, $ws, 3.0);
echo "3 KB unterminated head: ", wst_status_code($resp), "\n";
wst_close_socket($ws);
$small = wst_request('/', ['X-Pad' => str_repeat('c', 700)]);
echo "head of ", strlen($small), " bytes: ";
$resp = wst_handshake_raw($srv['port'], $small, $ws);
echo wst_status_code($resp), "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
2 KB head: HTTP/1.1 431
3 KB unterminated head: HTTP/1.1 431
head of 857 bytes: HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
