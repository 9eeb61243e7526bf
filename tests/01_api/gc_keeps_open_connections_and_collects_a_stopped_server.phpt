--TEST--
Server: the open connections' objects are held by the engine and reported to the garbage collector; with cycles between them and the server ($conn->data holding the server and the connection itself), gc_collect_cycles() while they are open frees nothing that is in use (count(), getConnections() by increasing id, getConnection() the same object); once run() returns and the script lets go of the server, the cycles are collected
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0, 'idle_timeout' => 0]);
wst_guard($server, 30000);
$server->onOpen(function (WebSocket\Connection $c) use ($server) {
    $c->data = ['server' => $server, 'self' => $c, 'blob' => str_repeat('x', 1000)];
});
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    if ($d === 'gc') {
        gc_collect_cycles();
        $ids = array_keys($server->getConnections());
        $same = $server->getConnection($c->id) === $c && $c->data['self'] === $c && $c->data['server'] === $server;
        $c->send('open ' . count($server) . ' ids ' . ($ids === [1, 2, 3] ? 'in order' : implode(',', $ids))
            . ' same ' . ($same ? 'yes' : 'no'));
    } elseif ($d === 'stop') {
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
$w = WeakReference::create($server);
unset($server);
gc_collect_cycles();
echo "server collected after run(): ", $w->get() === null ? 'yes' : 'no', "\n";
PHP);
$ws = [];
for ($i = 0; $i < 3; $i++) {
    $ws[$i] = wst_connect($srv['port'], '/', [], true);
}
wst_write($ws[1], wst_frame(WST_TEXT, 'gc'));
$f = wst_recv_frame($ws[1]);
echo $f['payload'] ?? 'no answer', "\n";
wst_write($ws[0], wst_frame(WST_TEXT, 'stop'));
foreach ($ws as $s) {
    $f = wst_recv_frame($s);
    echo 'close ', ($f['opcode'] ?? 0) === 8 ? unpack('n', $f['payload'])[1] : 'none', "\n";
    wst_close_socket($s);
}
wst_finish($srv, 20);
?>
--EXPECT--
open 3 ids in order same yes
close 1001
close 1001
close 1001
--- server ---
server collected after run(): yes
