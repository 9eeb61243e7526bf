--TEST--
Server: 200 concurrent connections are all opened, each gets its own echo, broadcast reaches all 200, and all close
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['close_timeout' => 2000]);
wst_guard($server, 15000);
$opened = $closed = 0;
$server->onOpen(function () use (&$opened) { $opened++; });
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'broadcast') {
        echo "server: count ", count($server), ", broadcast accepted by ", $server->broadcast('all'), "\n";
        return;
    }
    $c->send("echo $data from {$c->id}");
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$opened, &$closed) {
    if (++$closed === 200) {
        echo "server: opened $opened, closed $closed, count now ", count($server), "\n";
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP);
$conns = [];
for ($i = 0; $i < 200; $i++) {
    $conns[$i] = wst_connect($srv['port'], '/', [], true);
}
$bad = 0;
foreach ($conns as $i => $ws) {
    wst_write($ws, wst_frame(WST_TEXT, "m$i"));
}
$ids = [];
foreach ($conns as $i => $ws) {
    $f = wst_recv_frame($ws);
    if (!$f || !preg_match("/^echo m$i from (\\d+)\$/", $f['payload'], $m)) {
        $bad++;
    } else {
        $ids[$m[1]] = true;
    }
}
echo "200 connections echoed: ", $bad === 0 ? 'yes' : "no ($bad bad)", ", distinct ids: ", count($ids), "\n";
wst_write($conns[0], wst_frame(WST_TEXT, 'broadcast'));
$got = 0;
foreach ($conns as $ws) {
    $f = wst_recv_frame($ws);
    $got += ($f && $f['payload'] === 'all') ? 1 : 0;
}
echo "broadcast received by $got\n";
$clean = 0;
foreach ($conns as $ws) {
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
}
foreach ($conns as $ws) {
    $f = wst_recv_frame($ws);
    $clean += ($f && $f['opcode'] === WST_CLOSE && wst_wait_eof($ws, 3.0)) ? 1 : 0;
    wst_close_socket($ws);
}
echo "closed cleanly: $clean\n";
wst_finish($srv);
?>
--EXPECT--
200 connections echoed: yes, distinct ids: 200
broadcast received by 200
closed cleanly: 200
--- server ---
server: count 200, broadcast accepted by 200
server: opened 200, closed 200, count now 0
server: run returned
