--TEST--
Close: when the client never answers a server-initiated close, TCP is closed after close_timeout and onClose gets the server's code
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 400], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $c->close(1000, 'done');
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'close me');
$t0 = microtime(true);
wst_expect($ws);
echo "(client does not answer)\n";
wst_expect_eof($ws, 4.0);
$dt = microtime(true) - $t0;
echo 'closed after close_timeout: ', $dt >= 0.3 ? ($dt < 2.0 * WST_SLOW ? 'yes' : "too late ($dt s)") : "too early ($dt s)", "\n";
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=8
<- close 1000 'done'
(client does not answer)
<- EOF
closed after close_timeout: yes
--- server ---
server: open 1
server: close 1 1000 'done'
server: run returned
