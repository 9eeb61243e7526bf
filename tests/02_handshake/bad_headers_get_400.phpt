--TEST--
Handshake: no Host, Upgrade not websocket, Connection without the upgrade token, or no Sec-WebSocket-Version get 400
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$cases = [
    'no Host' => wst_request('/', ['Host' => null]),
    'Upgrade: h2c' => wst_request('/', ['Upgrade' => 'h2c']),
    'Upgrade: websocket2' => wst_request('/', ['Upgrade' => 'websocket2']),
    'Connection: keep-alive' => wst_request('/', ['Connection' => 'keep-alive']),
    'Connection: upgraded' => wst_request('/', ['Connection' => 'upgraded']),
    'no Connection' => wst_request('/', ['Connection' => null]),
    'no Sec-WebSocket-Version' => wst_request('/', ['Sec-WebSocket-Version' => null]),
];
foreach ($cases as $label => $req) {
    $resp = wst_handshake_raw($srv['port'], $req, $ws);
    echo "$label: ", wst_status_code($resp), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
no Host: HTTP/1.1 400
Upgrade: h2c: HTTP/1.1 400
Upgrade: websocket2: HTTP/1.1 400
Connection: keep-alive: HTTP/1.1 400
Connection: upgraded: HTTP/1.1 400
no Connection: HTTP/1.1 400
no Sec-WebSocket-Version: HTTP/1.1 400
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
