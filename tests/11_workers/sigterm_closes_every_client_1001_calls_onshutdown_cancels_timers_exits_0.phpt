--TEST--
Signals: SIGTERM to a server with three clients (no pcntl handler): onShutdown(1001) runs and may still send, the application's timers stop, every client gets what was sent and then close 1001, run() returns once all answered, the script goes on and exits 0; one notice line on stderr
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
$wst_by_connection = true;
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 10000);
$shutdown = false;
$ticks_after = 0;
$late = 0;
/* Timers that would run during the drain if a stop did not cancel them. */
$every = $server->every(20, function () use (&$shutdown, &$ticks_after) {
    if ($shutdown) {
        $ticks_after++;
    }
});
$server->onOpen(function (WebSocket\Connection $c) { wst_say($c->id, "server: open {$c->id}\n"); });
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, &$late) {
    if ($data === 'arm') {
        $server->after(1, function () use (&$late) { $late++; });
        $server->after((int) (500 * WST_SLOW), function () use (&$late) { $late += 100; });
        $c->send('armed');
    }
});
$server->onShutdown(function (int $code) use ($server, &$shutdown) {
    $shutdown = true;
    echo "server: onShutdown($code), ", count($server), " open\n";
    $server->broadcast('bye');
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, $every) {
    wst_say($c->id, "server: close {$c->id} $code '$reason', cancel(every) " . var_export($server->cancel($every), true) . "\n");
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
wst_flush_log();
echo "server: run returned; timer ticks after onShutdown: $ticks_after; one-shot timers that ran: $late\n";
echo "server: the script goes on after run()\n";
PHP, WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);

$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($srv['port']);
}
wsw_send($clients[0], 'arm');
echo '<- ', wsw_recv_text($clients[0]), "\n";
usleep(50000);
echo "(SIGTERM)\n";
wsw_kill(wsw_pid($srv), 'TERM');
foreach ($clients as $k => $ws) {
    echo "client $k:\n";
    wst_expect($ws);
    wst_expect($ws);
}
/* The server drains meanwhile: its timers would have fired by now if they were still on. */
usleep((int) (900000 * WST_SLOW));
foreach ($clients as $k => $ws) {
    echo "client $k:\n";
    wst_send_close($ws, 1001);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
<- 101 Switching Protocols
<- armed
(SIGTERM)
client 0:
<- text fin=1 len=3 'bye'
<- close 1001 'server shutting down'
client 1:
<- text fin=1 len=3 'bye'
<- close 1001 'server shutting down'
client 2:
<- text fin=1 len=3 'bye'
<- close 1001 'server shutting down'
client 0:
-> close 1001 ''
<- EOF
client 1:
-> close 1001 ''
<- EOF
client 2:
-> close 1001 ''
<- EOF
--- server ---
server: onShutdown(1001), 3 open
server: open 1
server: close 1 1001 'server shutting down', cancel(every) false
server: open 2
server: close 2 1001 'server shutting down', cancel(every) false
server: open 3
server: close 3 1001 'server shutting down', cancel(every) false
server: run returned; timer ticks after onShutdown: 0; one-shot timers that ran: 1
server: the script goes on after run()
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (3 connection(s), shutdown_timeout 5000 ms)
