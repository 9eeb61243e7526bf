--TEST--
Server::broadcast(): invalid UTF-8 as text throws ValueError and nobody gets it
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    try {
        $n = $server->broadcast("\xff");
        echo "server: broadcast accepted by $n\n";
    } catch (ValueError $e) {
        echo "server: broadcast ValueError\n";
    }
    echo "server: binary broadcast accepted by ", $server->broadcast("\xff", true), "\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'go');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- binary fin=1 len=1 0xff
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: broadcast ValueError
server: binary broadcast accepted by 1
server: close 1 1000 ''
server: run returned
