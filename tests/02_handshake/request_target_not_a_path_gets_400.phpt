--TEST--
Handshake: a request target that is not a path (RFC 6455 4.1/4.2.1: the resource name starts with '/') gets 400
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server) {
    echo "server: close {$c->getPath()} $code\n";
    if ($c->getPath() === '/last') {
        $server->stop();
    }
});
PHP);
foreach (['chat', '*', '?x=1'] as $target) {
    $resp = wst_handshake_raw($srv['port'], wst_request($target), $ws);
    echo "GET $target: ", wst_status_code($resp), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port'], '/last');
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
GET chat: HTTP/1.1 400
GET *: HTTP/1.1 400
GET ?x=1: HTTP/1.1 400
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close /last 1000
server: run returned
