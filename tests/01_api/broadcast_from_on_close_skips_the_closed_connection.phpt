--TEST--
Server::broadcast(): called from onClose, it reaches the remaining open connections only
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, &$closes) {
    echo "server: close {$c->id} $code, broadcast accepted by ", $server->broadcast("left: {$c->id}"), "\n";
    if (++$closes === 2) {
        $server->stop();
    }
});
PHP);
$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
wst_close_cleanly($a);
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
<- text fin=1 len=7 'left: 1'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: close 1 1000, broadcast accepted by 1
server: close 2 1000, broadcast accepted by 0
server: run returned
