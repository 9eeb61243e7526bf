--TEST--
Connection: clone throws Error, serialize() throws PHP's "not allowed" Exception, id is readonly, no dynamic properties
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    try { $x = clone $c; echo "server: clone allowed\n"; } catch (Error $e) { echo "server: clone ", get_class($e), "\n"; }
    try { serialize($c); echo "server: serialize allowed\n"; } catch (Throwable $e) { echo "server: serialize ", get_class($e), "\n"; }
    try { $c->id = 99; echo "server: id writable\n"; } catch (Error $e) { echo "server: id is readonly\n"; }
    try { $c->nope = 1; echo "server: dynamic property allowed\n"; } catch (Error $e) { echo "server: no dynamic properties\n"; }
    echo "server: id {$c->id}\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: clone Error
server: serialize Exception
server: id is readonly
server: no dynamic properties
server: id 1
server: close 1 1000 ''
server: run returned
