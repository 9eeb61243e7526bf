--TEST--
Errors: an exception (or Error) thrown by onMessage goes to onError with its connection, that connection gets close 1011, the others keep echoing
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
    if ($data === 'boom') {
        throw new RuntimeException('boom from onMessage');
    }
    if ($data === 'div') {
        return intdiv(1, 0);
    }
    $c->send($data, $binary);
});
$server->onError(function (?WebSocket\Connection $c, Throwable $e) {
    echo "server: onError connection ", $c?->id ?? 'null', ' ', get_class($e), ': ', $e->getMessage(), "\n";
});
PHP, 3);
$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
$c = wst_connect($srv['port']);
wst_send($a, WST_TEXT, 'boom');
wst_expect($a);
wst_send_close($a, 1011);
wst_expect_eof($a);
wst_send($b, WST_TEXT, 'b still works');
wst_expect($b);
wst_send($c, WST_TEXT, 'div');
wst_expect($c);
wst_send_close($c, 1011);
wst_expect_eof($c);
wst_send($b, WST_TEXT, 'b still works after two errors');
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1011 '%S'
-> close 1011 ''
<- EOF
-> text fin=1 masked len=13
<- text fin=1 len=13 'b still works'
-> text fin=1 masked len=3
<- close 1011 '%S'
-> close 1011 ''
<- EOF
-> text fin=1 masked len=30
<- text fin=1 len=30 'b still works after two errors'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: open 3
server: onError connection 1 RuntimeException: boom from onMessage
server: close 1 1011 '%S'
server: onError connection 3 DivisionByZeroError: Division by zero
server: close 3 1011 '%S'
server: close 2 1000 ''
server: run returned
