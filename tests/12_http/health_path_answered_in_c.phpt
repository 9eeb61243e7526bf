--TEST--
HTTP side: health_path answers GET with 200 in C (no PHP callback runs), an upgrade on that path is still a WebSocket, other plain requests still get 426
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['health_path' => '/healthz'], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    wst_say($c->id, "server: open {$c->id} {$c->getPath()}\n");
});
PHP);
foreach (["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /healthz?verbose=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /other HTTP/1.1\r\nHost: x\r\n\r\n", "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"] as $req) {
    $resp = wst_handshake_raw($srv['port'], $req, $ws);
    $body = wst_fill($ws, 1, 2.0) ? $ws->buf : '';
    echo strtok($req, "\r"), ' -> ', wst_status_line($resp), ' ', json_encode(trim($body)), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port'], '/healthz');
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
GET /healthz HTTP/1.1 -> HTTP/1.1 200 OK "ok"
GET /healthz?verbose=1 HTTP/1.1 -> HTTP/1.1 200 OK "ok"
GET /other HTTP/1.1 -> HTTP/1.1 426 Upgrade Required "this service requires a WebSocket upgrade"
POST /healthz HTTP/1.1 -> HTTP/1.1 426 Upgrade Required "this service requires a WebSocket upgrade"
<- 101 Switching Protocols
%A--- server ---
server: open %d /healthz
server: close %d 1000 ''
server: run returned
