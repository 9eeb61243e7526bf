--TEST--
Stop: stop() closes the listener at once: clients waiting in its accept queue (connected while the server was busy in a callback) get 503 and EOF, and clients connecting while the stop waits for an open client to answer its close frame are refused at once; none waits or hangs
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
    if (\$data === 'hold, then stop') {
        echo "server: busy in onMessage\\n";
        {$wait_for_gate}
        echo "server: stop()\\n";
        \$server->stop();
    }
});
PHP, 99, 10000), WST_READY_TIMEOUT);

$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'hold, then stop');
echo "server busy: ", var_export(wsl_wait_stdout($srv, "busy in onMessage\n"), true), "\n";
$queued = wsw_queue_clients($srv['port'], 3);
usleep(50000);
wsw_release($gate);
wst_expect($ws);
wsl_read_heads($queued, 3.0);
echo "3 clients that waited in the accept queue: ", wsw_outcomes($queued), "\n";
echo "and then EOF: ", var_export(array_sum(array_map(fn ($c) => wst_wait_eof($c, 2.0) ? 1 : 0, $queued)), true), " of 3\n";
echo "(the open client does not answer its close frame yet: the server waits for it)\n";
$outcomes = [];
$slowest = 0.0;
for ($i = 0; $i < 5; $i++) {
    [$what, $took] = wsw_try_connect($srv['port']);
    $outcomes[] = $what;
    $slowest = max($slowest, $took);
    usleep(40000);
}
echo "5 new clients during the stop: ", implode(' ', $outcomes), "\n";
echo "each answered within 0.5 s: ", var_export($slowest < 0.5 * WST_SLOW, true), "\n";
wst_send_close($ws, 1001);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=15
server busy: true
<- close 1001 'server shutting down'
3 clients that waited in the accept queue: 3 x 503 Service Unavailable
and then EOF: 3 of 3
(the open client does not answer its close frame yet: the server waits for it)
5 new clients during the stop: refused refused refused refused refused
each answered within 0.5 s: true
-> close 1001 ''
<- EOF
--- server ---
server: open 1
server: busy in onMessage
server: stop()
server: close 1 1001 'server shutting down'
server: run returned
