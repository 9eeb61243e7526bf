--TEST--
Server: count()/getConnections() list connections from onOpen to onClose: not handshakes in progress, still a closing one; broadcast() skips a closing one
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 3000], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'count') {
        echo "server: count ", count($server), ", ids ", implode(',', array_keys($server->getConnections())), "\n";
        return;
    }
    $server->getConnection(1)?->close(1000, 'closing');
    echo "server: after close(): count ", count($server), ", ids ", implode(',', array_keys($server->getConnections())), "\n";
    echo "server: broadcast accepted by ", $server->broadcast('to all'), "\n";
});
PHP, 2);
$a = wst_connect($srv['port']);
$pending = wst_tcp($srv['port']);
wst_send_raw($pending, "GET / HTTP/1.1\r\n", 'half a request on a second TCP connection');
usleep(100000);
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'count');
usleep(100000);
wst_send($b, WST_TEXT, 'close 1 and broadcast');
wst_expect($b);
wst_expect($a);
wst_send_close($a, 1000);
wst_expect_eof($a);
wst_close_socket($pending);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> half a request on a second TCP connection
<- 101 Switching Protocols
-> text fin=1 masked len=5
-> text fin=1 masked len=21
<- text fin=1 len=6 'to all'
<- close 1000 'closing'
-> close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open %d
server: count 2, ids 1,%d
server: after close(): count 2, ids 1,%d
server: broadcast accepted by 1
server: close 1 1000 'closing'
server: close %d 1000 ''
server: run returned
