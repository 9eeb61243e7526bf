--TEST--
Errors: an exception thrown by onOpen goes to onError with the connection, which is closed with 1011 (onClose still runs once)
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
    echo "server: open {$c->id}\n";
    if ($c->getPath() === '/bad') {
        throw new DomainException('refused in onOpen');
    }
});
PHP, 2);
$a = wst_connect($srv['port'], '/bad');
wst_expect($a);
wst_send_close($a, 1011);
wst_expect_eof($a);
$b = wst_connect($srv['port'], '/good');
wst_send($b, WST_TEXT, 'ok');
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- close 1011 '%S'
-> close 1011 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- text fin=1 len=2 'ok'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: error 1 DomainException: refused in onOpen
server: close 1 1011 '%S'
server: open 2
server: close 2 1000 ''
server: run returned
