--TEST--
Limits: stop() before run() makes run() return at once, and no client is served
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
/* A run() that does not return by itself is stopped by this timer, which says so. */
wst_guard($server, 3000);
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open {$c->id} (should not happen)\n";
});
$server->stop();
echo "server: stop() before run()\n";
echo 'READY ', $server->getPort(), "\n";
/* Give the test's client time to connect and send its request before run(). */
usleep((int) (300000 * WST_SLOW));
$server->run();
echo "server: run returned\n";
PHP);
$s = @stream_socket_client('tcp://127.0.0.1:' . $srv['port'], $errno, $errstr, 2);
$resp = '';
if ($s !== false) {
    $ws = new WstConn($s);
    wst_write($ws, wst_request());
    $resp = wst_read_head($ws, 2.0);
}
echo "client served: ", var_export(str_starts_with($resp, 'HTTP/1.1 101'), true), "\n";
wst_finish($srv, 5.0);
?>
--EXPECT--
client served: false
--- server ---
server: stop() before run()
server: run returned
