--TEST--
Server: with no callbacks set at all, the handshake, ping/pong and the closing handshake still work; messages are dropped
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
// no callback tells the server when the client is done: it stops after a
// while, longer under valgrind
$server->after((int) (1500 * WST_SLOW), function () use ($server) { echo "server: stopping, ", count($server), " open\n"; $server->stop(); });
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'nobody listens');
wst_send($ws, WST_PING, 'still');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=14
-> ping fin=1 masked len=5
<- pong fin=1 len=5 'still'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: stopping, 0 open
server: run returned
