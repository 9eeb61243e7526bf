--TEST--
Handshake: a request head of exactly max_header_size bytes (blank line included) is accepted; one byte more gets 431
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_header_size' => 1024]);
$base = strlen(wst_request('/', ['X-Pad' => '']));
$over = wst_request('/', ['X-Pad' => str_repeat('o', 1025 - $base)]);
$resp = wst_handshake_raw($srv['port'], $over, $ws);
echo strlen($over), " bytes: ", wst_status_code($resp), "\n";
wst_close_socket($ws);
$exact = wst_request('/', ['X-Pad' => str_repeat('e', 1024 - $base)]);
$resp = wst_handshake_raw($srv['port'], $exact, $ws);
echo strlen($exact), " bytes: ", wst_status_code($resp), "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
1025 bytes: HTTP/1.1 431
1024 bytes: HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
