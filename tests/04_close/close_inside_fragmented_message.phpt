--TEST--
Close: a close frame in the middle of a fragmented message is answered; the unfinished message is never delivered
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
    echo "server: onMessage got '$data'\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'unfinished', ['fin' => false]);
wst_send_close($ws, 1000, 'changed my mind');
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=0 masked len=10
-> close 1000 'changed my mind'
<- close 1000 %S
<- EOF
--- server ---
server: open 1
server: close 1 1000 'changed my mind'
server: run returned
