--TEST--
Server::stop(): sends close 1001 to every open connection, onClose gets 1001, run() returns
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 2000], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    $server->stop();
});
$seen = [];
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use (&$seen) {
    $seen[$c->id] = "server: close {$c->id} $code\n";
    if (count($seen) === 2) {
        ksort($seen);   // the two answers may be handled in either order
        echo implode('', $seen);
    }
});
PHP);
$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
wst_send($a, WST_TEXT, 'stop');
wst_expect($a);
wst_expect($b);
wst_send_close($a, 1001);
wst_send_close($b, 1001);
wst_expect_eof($a);
wst_expect_eof($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1001 '%S'
<- close 1001 '%S'
-> close 1001 ''
-> close 1001 ''
<- EOF
<- EOF
--- server ---
server: open 1
server: open 2
server: close 1 1001
server: close 2 1001
server: run returned
