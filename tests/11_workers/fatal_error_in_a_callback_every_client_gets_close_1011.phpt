--TEST--
Process end: a fatal error in onMessage (maximum execution time exceeded) with three clients open: every client gets close 1011 before its connection ends; no further callback runs, code after run() does not, shutdown functions do; exit status 255
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
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    if ($data === 'spin') {
        echo "server: spinning past the time limit\n";
        set_time_limit(1);
        for (;;) {
        }
    }
    $c->send($data);
});
$server->onClose(function (WebSocket\Connection $c, int $code) { echo "server: onClose {$c->id} $code (should not happen)\n"; });
$server->onShutdown(function (int $code) { echo "server: onShutdown $code (should not happen)\n"; });
register_shutdown_function(function () { echo "server: shutdown function\n"; });
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: after run() (should not happen)\n";
PHP, WST_READY_TIMEOUT, ['valgrind' => '--leak-check=no']); /* after a fatal error PHP leaves freeing to the Zend heap */

$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($srv['port']);
}
wst_send($clients[0], WST_TEXT, 'spin');
foreach ($clients as $k => $ws) {
    echo "client $k:\n";
    wst_expect_eof($ws, 10.0);
}
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
client 0:
<- close 1011 ''
<- EOF
client 1:
<- close 1011 ''
<- EOF
client 2:
<- close 1011 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: open 3
server: spinning past the time limit
server: shutdown function
--- server exit code 255 ---
--- server stderr ---
%AMaximum execution time of 1 second exceeded%A
