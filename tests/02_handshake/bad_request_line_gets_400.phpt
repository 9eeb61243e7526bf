--TEST--
Handshake: a method other than GET, or HTTP/1.0, gets 400 and no onOpen; the server keeps serving
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
    'POST' => wst_request('/', [], 'POST / HTTP/1.1'),
    'PUT' => wst_request('/', [], 'PUT / HTTP/1.1'),
    'HTTP/1.0' => wst_request('/', [], 'GET / HTTP/1.0'),
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
POST: HTTP/1.1 400
PUT: HTTP/1.1 400
HTTP/1.0: HTTP/1.1 400
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
