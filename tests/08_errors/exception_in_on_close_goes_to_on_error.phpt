--TEST--
Errors: an exception thrown by onClose goes to onError with that connection; the server carries on
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
    echo "server: close {$c->id} $code\n";
    if ($c->id === 1) {
        throw new UnexpectedValueException('thrown in onClose');
    }
    $server->stop();
});
PHP);
$a = wst_connect($srv['port']);
wst_close_cleanly($a);
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'after');
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=5
<- text fin=1 len=5 'after'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000
server: error 1 UnexpectedValueException: thrown in onClose
server: open 2
server: close 2 1000
server: run returned
