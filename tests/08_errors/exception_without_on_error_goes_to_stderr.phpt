--TEST--
Errors: without onError, an exception thrown by a callback is printed to stderr with its trace; the connection gets 1011 and the server carries on
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onError(null);
function explode_here(string $what): never
{
    throw new LogicException("no handler for $what");
}
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    if ($data === 'boom') {
        explode_here('boom');
    }
    $c->send($data, $binary);
});
PHP, 2);
$a = wst_connect($srv['port']);
wst_send($a, WST_TEXT, 'boom');
wst_expect($a);
wst_send_close($a, 1011);
wst_expect_eof($a);
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'fine');
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1011 '%S'
-> close 1011 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- text fin=1 len=4 'fine'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1011 '%S'
server: open 2
server: close 2 1000 ''
server: run returned
--- server stderr ---
%ALogicException%sno handler for boom%A
Stack trace:
#0 %s(%d): explode_here(%S)
%A
