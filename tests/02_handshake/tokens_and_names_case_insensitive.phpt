--TEST--
Handshake: header names, the websocket and upgrade tokens match case-insensitively; Connection may list several tokens
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], '', 3);
$reqs = [
    'Upgrade: WebSocket, Connection: keep-alive, Upgrade' => wst_request('/', ['Upgrade' => 'WebSocket', 'Connection' => 'keep-alive, Upgrade']),
    'lower-case names, Connection: upgrade' => "GET / HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: upgrade\r\nsec-websocket-key: " . WST_DEFAULT_KEY . "\r\nsec-websocket-version: 13\r\n\r\n",
    'Connection: Upgrade,keep-alive and spaces around values' => wst_request('/', ['Connection' => 'Upgrade,keep-alive', 'Upgrade' => '  websocket  ']),
];
foreach ($reqs as $label => $req) {
    $resp = wst_handshake_raw($srv['port'], $req, $ws);
    echo "$label: ", wst_status_code($resp), ' accept ', wst_response_header($resp, 'Sec-WebSocket-Accept') === wst_accept_for(WST_DEFAULT_KEY) ? 'ok' : 'WRONG', "\n";
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECT--
Upgrade: WebSocket, Connection: keep-alive, Upgrade: HTTP/1.1 101 accept ok
-> close 1000 ''
<- close 1000 ''
<- EOF
lower-case names, Connection: upgrade: HTTP/1.1 101 accept ok
-> close 1000 ''
<- close 1000 ''
<- EOF
Connection: Upgrade,keep-alive and spaces around values: HTTP/1.1 101 accept ok
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: open 3
server: close 3 1000 ''
server: run returned
