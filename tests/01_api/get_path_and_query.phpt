--TEST--
Connection::getPath()/getQuery(): the request target split at '?', query without the '?'
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
    echo "server: path ", var_export($c->getPath(), true), " query ", var_export($c->getQuery(), true), "\n";
});
PHP, 3);
foreach (['/chat/room?x=1&y=2', '/', '/a?'] as $target) {
    $ws = wst_connect($srv['port'], $target);
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: path '/chat/room' query 'x=1&y=2'
server: close 1 1000 ''
server: path '/' query ''
server: close 2 1000 ''
server: path '/a' query ''
server: close 3 1000 ''
server: run returned
