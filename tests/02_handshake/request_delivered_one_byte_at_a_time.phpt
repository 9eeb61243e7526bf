--TEST--
Handshake: a request that arrives one byte per TCP segment is assembled and accepted
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$ws = wst_tcp($srv['port']);
$key = 'x3JJHMbDL1EzLkh9GBhXDw==';
echo "-> request, one byte at a time\n";
wst_write_split($ws, wst_request('/slow?a=b', ['Sec-WebSocket-Key' => $key]), 1, 1000);
$resp = wst_read_head($ws);
echo '<- ', wst_status_code($resp), ' accept ', wst_response_header($resp, 'Sec-WebSocket-Accept') === wst_accept_for($key) ? 'ok' : 'WRONG', "\n";
wst_send($ws, WST_TEXT, 'after slow handshake');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
-> request, one byte at a time
<- HTTP/1.1 101 accept ok
-> text fin=1 masked len=20
<- text fin=1 len=20 'after slow handshake'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
