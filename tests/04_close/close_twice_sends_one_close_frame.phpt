--TEST--
Close: a second close() while closing has no effect: one close frame with the first code, onClose once with it
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    $c->close(4001, 'first');
    $c->close(4002, 'second');
    $c->close();
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'x');
wst_expect($ws);
echo 'nothing more before our answer: ', wst_quiet_for($ws, 0.2) ? 'yes' : 'no', "\n";
wst_send_close($ws, 4001);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=1
<- close 4001 'first'
nothing more before our answer: yes
-> close 4001 ''
<- EOF
--- server ---
server: open 1
server: close 1 4001 'first'
server: run returned
