--TEST--
Handshake: max_header_size is the limit on the head: 80 short headers (about 1 KB, under the 8 KB default) are accepted, not refused with 431
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open with ", count($c->getHeaders()), " headers, x-h79: ", $c->getHeader('x-h79'), "\n";
});
PHP);
$h = [];
for ($i = 0; $i < 80; $i++) {
    $h[] = "X-H$i: v$i";
}
$req = wst_request('/', $h);
$resp = wst_handshake_raw($srv['port'], $req, $ws);
echo "85 headers, ", strlen($req), " bytes: ", wst_status_code($resp), "\n";
if (str_contains(wst_status_code($resp), ' 101')) {
    wst_close_cleanly($ws);
} else {
    wst_close_socket($ws);
    wst_close_cleanly(wst_connect($srv['port'], '/', [], true));
}
wst_finish($srv);
?>
--EXPECTF--
85 headers, %d bytes: HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open with 85 headers, x-h79: v79
server: close %d 1000 ''
server: run returned
