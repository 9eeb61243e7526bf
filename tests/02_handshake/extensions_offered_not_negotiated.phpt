--TEST--
Handshake: with compression => false, an offered permessage-deflate is declined: no extension header in the 101, and RSV1 frames stay a protocol error
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 500, 'compression' => false]);
$resp = wst_handshake_raw($srv['port'], wst_request('/', ['Sec-WebSocket-Extensions' => 'permessage-deflate; client_max_window_bits']), $ws);
echo wst_status_code($resp), ', Sec-WebSocket-Extensions: ', var_export(wst_response_header($resp, 'Sec-WebSocket-Extensions'), true), "\n";
wst_send($ws, WST_TEXT, 'x', ['rsv' => 4]);
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
HTTP/1.1 101, Sec-WebSocket-Extensions: NULL
-> text fin=1 rsv=4 masked len=1
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 '%S'
server: run returned
