--TEST--
Handshake: an absolute http URI as request target (RFC 6455 4.2.1) is read for its resource name: path and query, and matched against option path
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['path' => '/chat'], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open path ", var_export($c->getPath(), true), " query ", var_export($c->getQuery(), true), "\n";
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server) {
    echo "server: close $code\n";
    $server->stop();
});
PHP);
$resp = wst_handshake_raw($srv['port'], wst_request('/', [], 'GET http://127.0.0.1/chat?a=1 HTTP/1.1'), $ws);
echo "GET http://127.0.0.1/chat?a=1: ", wst_status_code($resp), "\n";
if (str_contains(wst_status_code($resp), '101')) {
    wst_close_cleanly($ws);
} else {
    wst_close_socket($ws);
    wst_close_cleanly(wst_connect($srv['port'], '/chat', [], true));
}
wst_finish($srv);
?>
--EXPECT--
GET http://127.0.0.1/chat?a=1: HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open path '/chat' query 'a=1'
server: close 1000
server: run returned
