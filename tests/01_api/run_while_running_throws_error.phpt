--TEST--
Server::run(): calling it from a callback while the loop runs throws Error, and the loop carries on
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) use ($server) {
    try {
        $server->run();
        echo "server: nested run() returned\n";
    } catch (Error $e) {
        echo "server: nested run() ", get_class($e), "\n";
    }
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'still here');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=10
<- text fin=1 len=10 'still here'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: nested run() Error
server: close 1 1000 ''
server: run returned
