--TEST--
Close: frames that arrive after the client's close frame (same packet or later) never reach onMessage and are not echoed
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    wst_say($c->id, "server: message '$data'\n");
    $c->send($data, $binary);
});
PHP, 2, 8000, true);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'before');
wst_expect($ws);
wst_send_raw($ws, wst_frame(WST_CLOSE, pack('n', 1000)) . wst_frame(WST_TEXT, 'after') . wst_frame(WST_PING, 'p'), 'close 1000 + text + ping in one write');
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port']);
wst_send_close($ws, 1000);
wst_expect($ws);
@wst_send($ws, WST_TEXT, 'late');
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=6
<- text fin=1 len=6 'before'
-> close 1000 + text + ping in one write
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
-> text fin=1 masked len=4
<- EOF
--- server ---
server: open 1
server: message 'before'
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: run returned
