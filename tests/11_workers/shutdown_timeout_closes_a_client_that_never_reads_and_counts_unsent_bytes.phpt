--TEST--
Signals: shutdown_timeout bounds a graceful stop: a client that never reads 8 MiB queued for it (so its close frame cannot go out) is closed at the deadline although close_timeout is much longer, a stderr line and getStats() count the connection and the unsent bytes; a client that answers is closed at once; exit status 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wst_echo_server_code(
    ['ping_interval' => 0, 'close_timeout' => 60000, 'shutdown_timeout' => 500],
    <<<'PHP'
$t0 = 0.0;
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    if ($data === 'flood') {
        for ($i = 0; $i < 8; $i++) {
            $c->send(str_repeat('x', 1 << 20));
        }
        echo "server: queued 8 MiB for {$c->id}, ", $c->getBufferedAmount() > 0 ? 'some' : 'none', " still buffered\n";
    } else {
        $c->send($data);
    }
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, &$t0) {
    $ms = (microtime(true) - $t0) * 1000;
    $when = $ms < 400 ? 'before the deadline' : ($ms < 3000 * WST_SLOW ? 'at the deadline' : "late ($ms ms)");
    $st = $server->getStats();
    wst_say($c->id, "server: close {$c->id} $code '$reason' $when; getStats(): shutdown_dropped_connections "
        . $st['shutdown_dropped_connections'] . ', shutdown_dropped_bytes ' . ($st['shutdown_dropped_bytes'] > 0 ? 'some' : 'none') . "\n");
});
$server->onShutdown(function (int $code) use (&$t0) {
    $t0 = microtime(true);
    echo "server: onShutdown($code)\n";
});
PHP, 99, 30000, true), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);

$reader = wst_connect($srv['port']);
$sleeper = wst_connect($srv['port']);
wst_send($sleeper, WST_TEXT, 'flood');
usleep((int) (200000 * WST_SLOW));
echo "(SIGTERM; the second client reads nothing)\n";
wsw_kill(wsw_pid($srv), 'TERM');
wst_expect($reader);
wst_send_close($reader, 1001);
wst_expect_eof($reader);
wst_finish($srv);
echo "the second client sees its connection end: ", var_export(wst_wait_eof($sleeper), true), "\n";
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=5
(SIGTERM; the second client reads nothing)
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: queued 8 MiB for 2, some still buffered
server: onShutdown(1001)
server: open 1
server: close 1 1001 'server shutting down' before the deadline; getStats(): shutdown_dropped_connections 0, shutdown_dropped_bytes none
server: open 2
server: close 2 1001 'server shutting down' at the deadline; getStats(): shutdown_dropped_connections 1, shutdown_dropped_bytes some
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (2 connection(s), shutdown_timeout 500 ms)
WebSocket\Server: warning: shutdown_timeout (500 ms) reached: closing 1 connection(s), %r[1-9][0-9]*%r queued byte(s) unsent
the second client sees its connection end: true
