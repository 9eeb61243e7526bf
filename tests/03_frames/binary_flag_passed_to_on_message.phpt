--TEST--
Frames: onMessage gets $binary false for text and true for binary messages; send($data, $binary) picks the frame type
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
    echo "server: ", $binary ? 'binary' : 'text', " ", bin2hex($data), "\n";
    $c->send($data, $binary);   // same type back
    $c->send($data, !$binary);  // and the other type
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'abc');
wst_expect($ws);
wst_expect($ws);
wst_send($ws, WST_BINARY, 'xyz');
wst_expect($ws);
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=3
<- text fin=1 len=3 'abc'
<- binary fin=1 len=3 'abc'
-> binary fin=1 masked len=3
<- binary fin=1 len=3 'xyz'
<- text fin=1 len=3 'xyz'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: text 616263
server: binary 78797a
server: close 1 1000 ''
server: run returned
