--TEST--
Process end: memory_limit exhausted in onMessage with three clients open: every client gets close 1011 before its connection ends; shutdown functions run; exit status 255
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (getenv('USE_ZEND_ALLOC') === '0') die('skip memory_limit is not enforced with USE_ZEND_ALLOC=0 (the time-limit variant covers valgrind)');
?>
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
    if ($data === 'eat') {
        echo "server: about to exhaust memory_limit\n";
        $hoard = [];
        for ($i = 0; $i < 1000; $i++) {
            $hoard[] = str_repeat('x', 1 << 20);
        }
        echo "server: NOT REACHED\n";
    }
    $c->send($data);
});
register_shutdown_function(function () { echo "server: shutdown function\n"; });
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: after run() (should not happen)\n";
PHP, WST_READY_TIMEOUT, ['ini' => ['memory_limit' => '64M']]);

$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($srv['port']);
}
wst_send($clients[2], WST_TEXT, 'eat');
foreach ($clients as $k => $ws) {
    echo "client $k:\n";
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=3
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
server: about to exhaust memory_limit
server: shutdown function
--- server exit code 255 ---
--- server stderr ---
%AAllowed memory size of %d bytes exhausted%A
