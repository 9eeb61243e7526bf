--TEST--
Signals: a SIGTERM that arrives while the server is busy in a callback: clients that connect meanwhile wait in the accept queue and get 503 once the stop begins; clients connecting in a loop while the stop waits for the open clients are all refused at once, none served, none left hanging
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

[$gate, $wait_for_gate] = wsw_gate();
$srv = wst_spawn_server(wst_echo_server_code(['ping_interval' => 0], <<<PHP
\$server->onMessage(function (WebSocket\\Connection \$c, string \$data) use (\$server) {
    if (\$data === 'hold') {
        echo "server: busy in onMessage\\n";
        {$wait_for_gate}
        echo "server: back to the loop\\n";
    }
});
PHP, 99, 10000, true), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);

$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
wst_send($a, WST_TEXT, 'hold');
echo "server busy: ", var_export(wsl_wait_stdout($srv, "busy in onMessage\n"), true), "\n";
echo "(SIGTERM)\n";
wsw_kill($pid, 'TERM');
echo "delivered: ", var_export(wsw_wait_delivered($pid, 15), true), "\n";
usleep((int) (30000 * WST_SLOW));
$queued = wsw_queue_clients($srv['port'], 3);
usleep(50000);
wsw_release($gate);
wsl_read_heads($queued, 3.0);
echo "3 clients that waited in the accept queue: ", wsw_outcomes($queued), "\n";
wst_expect($a);
wst_expect($b);
echo "(the open clients do not answer their close frames for a while)\n";
$outcomes = [];
$slowest = 0.0;
for ($i = 0; $i < 10; $i++) {
    [$what, $took] = wsw_try_connect($srv['port']);
    $outcomes[$what] = ($outcomes[$what] ?? 0) + 1;
    $slowest = max($slowest, $took);
    usleep(30000);
}
echo "10 new clients during the stop: ", json_encode($outcomes), "\n";
echo "each answered within 0.5 s: ", var_export($slowest < 0.5 * WST_SLOW, true), "\n";
foreach ([$a, $b] as $ws) {
    wst_send_close($ws, 1001);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
server busy: true
(SIGTERM)
delivered: true
3 clients that waited in the accept queue: 3 x 503 Service Unavailable
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
(the open clients do not answer their close frames for a while)
10 new clients during the stop: {"refused":10}
each answered within 0.5 s: true
-> close 1001 ''
<- EOF
-> close 1001 ''
<- EOF
--- server ---
server: busy in onMessage
server: back to the loop
server: open 1
server: close 1 1001 'server shutting down'
server: open 2
server: close 2 1001 'server shutting down'
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (2 connection(s), shutdown_timeout 5000 ms)
