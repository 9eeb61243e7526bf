--TEST--
Server: 1000 connections opened and closed (cleanly or dropped) leave no memory behind: growth under 100 bytes per connection
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['close_timeout' => 500]);
wst_guard($server, 30000);
$n = 0;
$m = [];
$server->onOpen(function (WebSocket\Connection $c) { $c->data = str_repeat('d', 100); });
$server->onMessage(function (WebSocket\Connection $c, string $d) { $c->send($d); });
$server->onClose(function (WebSocket\Connection $c, int $code) use (&$n, &$m, $server) {
    $n++;
    if ($n === 200 || $n === 1200) {
        gc_collect_cycles();
        $m[$n] = memory_get_usage();
    }
    if ($n === 1200) {
        $per = ($m[1200] - $m[200]) / 1000;
        echo "server: memory growth per connection under 100 bytes: ", $per < 100 ? 'yes' : "no ($per)", "\n";
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
$bad = 0;
for ($i = 0; $i < 1200; $i++) {
    $ws = wst_connect($srv['port'], '/p?q=' . $i, ['X-Big' => str_repeat('h', 500)], true);
    wst_write($ws, wst_frame(WST_TEXT, "hello $i"));
    $f = wst_recv_frame($ws);
    $bad += ($f['payload'] ?? '') === "hello $i" ? 0 : 1;
    if ($i % 2) {
        wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
        wst_recv_frame($ws);
        wst_wait_eof($ws, 2);
    }
    wst_close_socket($ws);
}
echo "1200 connections, every echo right: ", $bad === 0 ? 'yes' : "no ($bad)", "\n";
wst_finish($srv, 20);
?>
--EXPECT--
1200 connections, every echo right: yes
--- server ---
server: memory growth per connection under 100 bytes: yes
