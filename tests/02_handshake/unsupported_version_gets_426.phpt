--TEST--
Handshake: Sec-WebSocket-Version 8 (or any but 13) gets 426 with Sec-WebSocket-Version: 13
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
foreach (['8', '7', '14', 'abc'] as $v) {
    $resp = wst_handshake_raw($srv['port'], wst_request('/', ['Sec-WebSocket-Version' => $v]), $ws);
    echo "version $v: ", wst_status_code($resp), ", Sec-WebSocket-Version: ", var_export(wst_response_header($resp, 'Sec-WebSocket-Version'), true), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
version 8: HTTP/1.1 426, Sec-WebSocket-Version: '13'
version 7: HTTP/1.1 426, Sec-WebSocket-Version: '13'
version 14: HTTP/1.1 426, Sec-WebSocket-Version: '13'
version abc: HTTP/1.1 426, Sec-WebSocket-Version: '13'
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
