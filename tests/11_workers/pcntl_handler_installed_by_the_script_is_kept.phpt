--TEST--
Signals: a SIGTERM handler the script installed with pcntl_signal() before run() keeps its signal: it is called instead of the extension's stop (no notice line), and the stop it asks for with stop() is the same graceful one (onShutdown 1001, close 1001); SIGHUP, which the script left alone, still calls onReload
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!function_exists('pcntl_signal')) die('skip needs pcntl');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 10000);
pcntl_async_signals(true);
pcntl_signal(SIGTERM, function (int $sig) use ($server) {
    echo "app: my SIGTERM handler, ", count($server), " open; calling stop()\n";
    $server->stop();
});
$server->onOpen(function (WebSocket\Connection $c) { echo "server: open {$c->id}\n"; });
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) {
    echo "server: close {$c->id} $code '$reason'\n";
});
$server->onReload(function () use ($server) {
    echo "server: onReload\n";
    $server->broadcast('reloaded');
});
$server->onShutdown(function (int $code) {
    echo "server: onShutdown($code)\n";
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
/* pcntl's handler table keeps the closure, and through it $server, past the preamble's cycle collection. */
pcntl_signal(SIGTERM, SIG_DFL);
echo "server: run returned\n";
PHP, WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);

$ws = wst_connect($srv['port']);
echo "(SIGHUP)\n";
wsw_kill($pid, 'HUP');
wst_expect($ws);
echo "(SIGTERM)\n";
wsw_kill($pid, 'TERM');
wst_expect($ws);
wst_send_close($ws, 1001);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
(SIGHUP)
<- text fin=1 len=8 'reloaded'
(SIGTERM)
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: open 1
server: onReload
app: my SIGTERM handler, 1 open; calling stop()
server: onShutdown(1001)
server: close 1 1001 'server shutting down'
server: run returned
