--TEST--
Handshake: with option path, other paths get 404; the query is ignored when matching
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
    echo "server: open {$c->getPath()} query '{$c->getQuery()}'\n";
});
PHP, 2);
foreach (['/', '/chat/', '/Chat', '/chatroom', '/other?x=/chat'] as $path) {
    $resp = wst_handshake_raw($srv['port'], wst_request($path), $ws);
    echo "$path: ", wst_status_code($resp), "\n";
    wst_close_socket($ws);
}
foreach (['/chat', '/chat?room=1'] as $path) {
    echo "$path: ";
    $ws = wst_connect($srv['port'], $path);
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECTF--
/: HTTP/1.1 404
/chat/: HTTP/1.1 404
/Chat: HTTP/1.1 404
/chatroom: HTTP/1.1 404
/other?x=/chat: HTTP/1.1 404
/chat: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
/chat?room=1: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open /chat query ''
server: close %d 1000 ''
server: open /chat query 'room=1'
server: close %d 1000 ''
server: run returned
