--TEST--
Server::stop(): while it waits for the close answers, new clients are not accepted (no 101, no onOpen)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

// close_timeout outlasts the new client's read below, under valgrind too
$srv = wst_echo_server(['close_timeout' => (int) (2000 * WST_SLOW)], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $server->stop();
});
PHP, 5);
$a = wst_connect($srv['port']);
wst_send($a, WST_TEXT, 'stop');
wst_expect($a);
echo "(a new client tries to connect while the server waits for our close)\n";
$sock = @stream_socket_client("tcp://127.0.0.1:{$srv['port']}", $errno, $errstr, 2);
if ($sock === false) {
    echo "new client: refused\n";
} else {
    $b = new WstConn($sock);
    wst_write($b, wst_request());
    $resp = wst_read_head($b, 1.0);
    echo "new client: ", str_contains(wst_status_code($resp), ' 101') ? 'ACCEPTED (101)' : 'not accepted', "\n";
    wst_close_socket($b);
}
wst_send_close($a, 1001);
wst_expect_eof($a);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1001 '%S'
(a new client tries to connect while the server waits for our close)
new client: %r(refused|not accepted)%r
-> close 1001 ''
<- EOF
--- server ---
server: open 1
server: close 1 1001 '%S'
server: run returned
