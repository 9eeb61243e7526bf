--TEST--
Frames: a message one byte over max_message_size, single frame or fragmented, gets 1009 and never reaches onMessage
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_message_size' => 1000, 'close_timeout' => 500], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    wst_say($c->id, "server: onMessage got " . strlen($data) . " bytes\n");
});
PHP, 2, 8000, true);
$ws = wst_connect($srv['port'], '/', [], true);
wst_send($ws, WST_BINARY, str_repeat('a', 1001));
wst_expect($ws);
wst_expect_eof($ws);
$ws = wst_connect($srv['port'], '/', [], true);
wst_send($ws, WST_TEXT, str_repeat('a', 500), ['fin' => false]);
wst_send($ws, WST_CONT, str_repeat('a', 500), ['fin' => false]);
wst_send($ws, WST_CONT, 'a');
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
-> binary fin=1 masked len=1001
<- close 1009 '%S'
<- EOF
-> text fin=0 masked len=500
-> cont fin=0 masked len=500
-> cont fin=1 masked len=1
<- close 1009 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1009 '%S'
server: open 2
server: close 2 1009 '%S'
server: run returned
