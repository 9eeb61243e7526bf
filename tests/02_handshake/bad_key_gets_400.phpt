--TEST--
Handshake: a Sec-WebSocket-Key that is missing, not base64, not 16 bytes decoded, or given twice gets 400
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
    'missing' => wst_request('/', ['Sec-WebSocket-Key' => null]),
    'empty' => wst_request('/', ['Sec-WebSocket-Key' => '']),
    'not base64' => wst_request('/', ['Sec-WebSocket-Key' => '!!!!!!!!!!!!!!!!!!!!!!==']),
    'short (15 bytes)' => wst_request('/', ['Sec-WebSocket-Key' => base64_encode(str_repeat('k', 15))]),
    'long (17 bytes)' => wst_request('/', ['Sec-WebSocket-Key' => base64_encode(str_repeat('k', 17))]),
    'long (32 bytes)' => wst_request('/', ['Sec-WebSocket-Key' => base64_encode(str_repeat('k', 32))]),
    '16 chars, not base64 of 16 bytes' => wst_request('/', ['Sec-WebSocket-Key' => 'abcdefghijklmnop']),
    'duplicate' => wst_request('/', ['Sec-WebSocket-Key: ' . base64_encode(str_repeat('z', 16))]),
];
foreach ($cases as $label => $req) {
    $resp = wst_handshake_raw($srv['port'], $req, $ws);
    echo "$label: ", wst_status_code($resp), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port'], '/', ['Sec-WebSocket-Key' => base64_encode(str_repeat("\xff", 16))]);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
missing: HTTP/1.1 400
empty: HTTP/1.1 400
not base64: HTTP/1.1 400
short (15 bytes): HTTP/1.1 400
long (17 bytes): HTTP/1.1 400
long (32 bytes): HTTP/1.1 400
16 chars, not base64 of 16 bytes: HTTP/1.1 400
duplicate: HTTP/1.1 400
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
