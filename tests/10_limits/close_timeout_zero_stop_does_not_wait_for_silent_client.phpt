--TEST--
Limits: with close_timeout 0, stop() with a client that never answers the close frame: the client gets close 1001 then EOF, run() returns and the server exits
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 0, 'ping_interval' => 0], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'stop') {
        echo "server: stop()\n";
        $server->stop();
    }
});
PHP, 1, 20000);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'stop');
wst_expect($ws, 3.0);
echo "(the client never answers the close frame and keeps its socket open)\n";
wst_expect_eof($ws, 3.0);
wst_finish($srv, 5.0);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1001 '%S'
(the client never answers the close frame and keeps its socket open)
<- EOF
--- server ---
server: open 1
server: stop()
server: close 1 1001 '%S'
server: run returned
