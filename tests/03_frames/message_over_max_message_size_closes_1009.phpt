--TEST--
Frames: a frame header declaring more than max_message_size (alone or with earlier fragments) gets close 1009 before any payload is sent; exactly the limit is fine
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_message_size' => 1024, 'close_timeout' => 500], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    wst_say($c->id, "server: message of " . strlen($data) . " bytes\n");
    $c->send($data, $binary);
});
PHP, 4, 8000, true);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_BINARY, str_repeat('x', 1024));
wst_expect($ws);
wst_send($ws, WST_TEXT, str_repeat('y', 512), ['fin' => false]);
wst_send($ws, WST_CONT, str_repeat('y', 512));
wst_expect($ws);
wst_close_cleanly($ws);

$ws = wst_connect($srv['port']);
$header = substr(wst_frame(WST_BINARY, str_repeat('x', 2000)), 0, 8);
wst_send_raw($ws, $header, 'binary frame header declaring 2000 bytes, no payload');
wst_expect($ws, 2.0);
wst_expect_eof($ws, 2.0);

$ws = wst_connect($srv['port']);
wst_send_raw($ws, substr(wst_frame(WST_BINARY, '', ['len' => 1 << 40]), 0, 14), 'binary frame header declaring 2^40 bytes, no payload');
wst_expect($ws, 2.0);
wst_expect_eof($ws, 2.0);

$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, str_repeat('z', 600), ['fin' => false]);
wst_send_raw($ws, substr(wst_frame(WST_CONT, str_repeat('z', 600)), 0, 8), 'cont header declaring 600 more bytes (1200 in all), no payload');
wst_expect($ws, 2.0);
wst_expect_eof($ws, 2.0);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> binary fin=1 masked len=1024
<- binary fin=1 len=1024 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'...
-> text fin=0 masked len=512
-> cont fin=1 masked len=512
<- text fin=1 len=1024 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'...
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> binary frame header declaring 2000 bytes, no payload
<- close 1009 '%S'
<- EOF
<- 101 Switching Protocols
-> binary frame header declaring 2^40 bytes, no payload
<- close 1009 '%S'
<- EOF
<- 101 Switching Protocols
-> text fin=0 masked len=600
-> cont header declaring 600 more bytes (1200 in all), no payload
<- close 1009 '%S'
<- EOF
--- server ---
server: open 1
server: message of 1024 bytes
server: message of 1024 bytes
server: close 1 1000 ''
server: open 2
server: close 2 1009 '%S'
server: open 3
server: close 3 1009 '%S'
server: open 4
server: close 4 1009 '%S'
server: run returned
