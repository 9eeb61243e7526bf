--TEST--
Connection: ids are unique and count from 1, isOpen() is true from onOpen until the closing handshake starts
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
    echo "server: open id {$c->id} isOpen ", var_export($c->isOpen(), true), "\n";
});
$server->onMessage(function (WebSocket\Connection $c, string $d) {
    $c->close(1000);
    echo "server: after close() isOpen ", var_export($c->isOpen(), true), ", send ", var_export($c->send('late'), true), "\n";
});
PHP, 3);
for ($i = 0; $i < 3; $i++) {
    $ws = wst_connect($srv['port']);
    wst_send($ws, WST_TEXT, 'bye');
    wst_expect($ws);
    wst_send_close($ws, 1000);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=3
<- close 1000 ''
-> close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=3
<- close 1000 ''
-> close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=3
<- close 1000 ''
-> close 1000 ''
<- EOF
--- server ---
server: open id 1 isOpen true
server: after close() isOpen false, send false
server: close 1 1000 ''
server: open id 2 isOpen true
server: after close() isOpen false, send false
server: close 2 1000 ''
server: open id 3 isOpen true
server: after close() isOpen false, send false
server: close 3 1000 ''
server: run returned
