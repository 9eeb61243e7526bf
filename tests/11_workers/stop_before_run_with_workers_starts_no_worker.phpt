--TEST--
Stop: stop() before run() (a signal handled during the application's start-up) with workers => 2: run() returns at once, no worker is forked (no onWorkerStart), no client is served, nothing on stderr
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
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0, 'workers' => 2]);
wst_guard($server, 3000);
$server->onWorkerStart(function (int $w) { echo "worker $w: onWorkerStart (should not happen)\n"; });
$server->onOpen(function (WebSocket\Connection $c) { echo "server: open {$c->id} (should not happen)\n"; });
$server->stop();
echo "server: stop() before run()\n";
echo 'READY ', $server->getPort(), "\n";
usleep((int) (300000 * WST_SLOW));
$t = microtime(true);
$server->run();
echo "server: run returned at once: ", var_export(microtime(true) - $t < 1.0 * WST_SLOW, true), "\n";
PHP);
$pid = wsw_pid($srv);
[$what] = wsw_try_connect($srv['port'], 2.0);
echo "client: ", $what === '101' ? 'served' : 'not served', "\n";
echo "workers forked: ", count(wsw_children($pid)), "\n";
wst_finish($srv, 5.0);
?>
--EXPECT--
client: not served
workers forked: 0
--- server ---
server: stop() before run()
server: run returned at once: true
