--TEST--
Close: a server-initiated close keeps TCP open until the client's close arrives, then closes TCP; onClose gets the server's code and reason
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 3000], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $c->close(4000, 'server says bye');
    echo "server: close() called\n";
    var_dump($c->send('after close'));
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'close me');
wst_expect($ws);
echo 'TCP still open 300 ms later, nothing else sent: ', wst_quiet_for($ws, 0.3) ? 'yes' : 'no', "\n";
$t0 = microtime(true);
wst_send_close($ws, 4000, 'server says bye');
wst_expect_eof($ws);
echo 'closed promptly after our close: ', microtime(true) - $t0 < 1.5 * WST_SLOW ? 'yes' : 'no', "\n";
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=8
<- close 4000 'server says bye'
TCP still open 300 ms later, nothing else sent: yes
-> close 4000 'server says bye'
<- EOF
closed promptly after our close: yes
--- server ---
server: open 1
server: close() called
bool(false)
server: close 1 4000 'server says bye'
server: run returned
