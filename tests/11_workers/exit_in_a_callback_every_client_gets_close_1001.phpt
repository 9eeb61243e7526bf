--TEST--
Process end: exit(3) in onMessage with three clients open: every client, the one whose message ran exit() included, gets what was sent just before and then close 1001 before its connection ends; no further callback runs (no onClose, no onShutdown), code after run() does not run, shutdown functions do, the exit status is 3
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 10000);
$server->onOpen(function (WebSocket\Connection $c) { echo "server: open {$c->id}\n"; });
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'exit') {
        $server->broadcast('last words');
        echo "server: exit(3)\n";
        exit(3);
    }
    $c->send($data);
});
$server->onClose(function (WebSocket\Connection $c, int $code) { echo "server: onClose {$c->id} $code (should not happen)\n"; });
$server->onShutdown(function (int $code) { echo "server: onShutdown $code (should not happen)\n"; });
register_shutdown_function(function () { echo "server: shutdown function\n"; });
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: after run() (should not happen)\n";
PHP);

$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($srv['port']);
}
wst_send($clients[1], WST_TEXT, 'exit');
foreach ($clients as $k => $ws) {
    echo "client $k:\n";
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
client 0:
<- text fin=1 len=10 'last words'
<- close 1001 ''
<- EOF
client 1:
<- text fin=1 len=10 'last words'
<- close 1001 ''
<- EOF
client 2:
<- text fin=1 len=10 'last words'
<- close 1001 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: open 3
server: exit(3)
server: shutdown function
--- server exit code 3 ---
