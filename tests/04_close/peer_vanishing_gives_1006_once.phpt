--TEST--
Close: a client that drops TCP without a close frame (idle, or in the middle of a fragmented message) gives onClose 1006 exactly once
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, &$closes) {
    echo "server: close {$c->id} $code '$reason'\n";
    if (++$closes === 2) {
        $server->after(300, fn () => $server->stop()); // time for a duplicate onClose to show up
    }
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'hi');
wst_expect($ws);
wst_drop($ws);
usleep(100000);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'part', ['fin' => false]);
wst_send_raw($ws, substr(wst_frame(WST_CONT, str_repeat('x', 100)), 0, 20), 'first bytes of the next fragment');
usleep(50000);
wst_drop($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- text fin=1 len=2 'hi'
-> TCP close (no close frame)
<- 101 Switching Protocols
-> text fin=0 masked len=4
-> first bytes of the next fragment
-> TCP close (no close frame)
--- server ---
server: open 1
server: close 1 1006 ''
server: open 2
server: close 2 1006 ''
server: run returned
