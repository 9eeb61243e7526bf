--TEST--
Handshake: malformed HTTP (header line without colon, space before the colon, obs-fold, duplicate Host, NUL byte, bad request line) gets 400 and the server keeps serving
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$good = wst_request();
$cases = [
    'header line without colon' => str_replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\nNoColonHere\r\n", $good),
    'space before colon' => str_replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\nX-Bad : 1\r\n", $good),
    'obs-fold continuation line' => str_replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\nX-Folded: a\r\n b\r\n", $good),
    'duplicate Host' => str_replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nHost: example.com\r\n", $good),
    'NUL in a header value' => str_replace("Upgrade: websocket\r\n", "Upgrade: websocket\r\nX-Nul: a\0b\r\n", $good),
    'request line without version' => "GET /\r\n" . substr($good, strpos($good, "\r\n") + 2),
    'request line with two spaces' => "GET  / HTTP/1.1\r\n" . substr($good, strpos($good, "\r\n") + 2),
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
header line without colon: HTTP/1.1 400
space before colon: HTTP/1.1 400
obs-fold continuation line: HTTP/1.1 400
duplicate Host: HTTP/1.1 400
NUL in a header value: HTTP/1.1 400
request line without version: HTTP/1.1 400
request line with two spaces: HTTP/1.1 400
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
