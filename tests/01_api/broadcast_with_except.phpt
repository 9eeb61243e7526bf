--TEST--
Server::broadcast(): reaches every open connection except the ids in $except, returns how many accepted it, keeps the binary flag
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    echo "server: text broadcast except [2] accepted by ", $server->broadcast('hi', false, [2]), "\n";
    echo "server: binary broadcast to all accepted by ", $server->broadcast("\x01\x02", true), "\n";
    echo "server: broadcast except [1,2,3] accepted by ", $server->broadcast('none', false, [1, 2, 3]), "\n";
    echo "server: broadcast except [] accepted by ", $server->broadcast('all', false, []), "\n";
});
PHP, 3);
$c1 = wst_connect($srv['port']);
$c2 = wst_connect($srv['port']);
$c3 = wst_connect($srv['port']);
wst_send($c3, WST_TEXT, 'go');
foreach ([1 => $c1, 2 => $c2, 3 => $c3] as $i => $ws) {
    echo "client $i:\n";
    wst_expect($ws);
    wst_expect($ws);
    if ($i !== 2) {
        wst_expect($ws);
    }
}
foreach ([$c1, $c2, $c3] as $ws) {
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=2
client 1:
<- text fin=1 len=2 'hi'
<- binary fin=1 len=2 0x0102
<- text fin=1 len=3 'all'
client 2:
<- binary fin=1 len=2 0x0102
<- text fin=1 len=3 'all'
client 3:
<- text fin=1 len=2 'hi'
<- binary fin=1 len=2 0x0102
<- text fin=1 len=3 'all'
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: open 3
server: text broadcast except [2] accepted by 2
server: binary broadcast to all accepted by 3
server: broadcast except [1,2,3] accepted by 0
server: broadcast except [] accepted by 3
server: close 1 1000 ''
server: close 2 1000 ''
server: close 3 1000 ''
server: run returned
