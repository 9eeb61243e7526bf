--TEST--
Limits: getStats() returns int counters: connections (handshakes in progress included), max_connections, memory_budget, memory_used (non-zero with peers), memory_refusals, fd_limit_hits, ip_limit_refusals, rate_limited_messages
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_connections' => 50, 'memory_budget' => 8 << 20], <<<'PHP'
$s = $server->getStats();
echo "server: before run: connections {$s['connections']}\n";
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $s = $server->getStats();
    $want = ['connections', 'max_connections', 'memory_budget', 'memory_used', 'memory_refusals', 'fd_limit_hits', 'ip_limit_refusals', 'rate_limited_messages'];
    foreach ($want as $k) {
        if (!array_key_exists($k, $s) || !is_int($s[$k])) {
            echo "server: key $k missing or not an int: ", var_export($s[$k] ?? null, true), "\n";
        }
    }
    echo "server: connections {$s['connections']}, max_connections {$s['max_connections']}, memory_budget {$s['memory_budget']}\n";
    echo "server: memory_used > 0 and within the budget: ", var_export($s['memory_used'] > 0 && $s['memory_used'] <= $s['memory_budget'], true), "\n";
    echo "server: refusals and hits: {$s['memory_refusals']} {$s['fd_limit_hits']} {$s['ip_limit_refusals']} {$s['rate_limited_messages']}\n";
    $c->send($data);
});
PHP);
$a = wst_connect($srv['port']);
$pending = wst_tcp($srv['port']);
wst_send_raw($pending, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", 'half a request (handshake in progress)');
usleep((int) (100000 * WST_SLOW));
wst_send($a, WST_TEXT, 'stats');
wst_expect($a);
wst_drop($pending);
wst_close_cleanly($a);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> half a request (handshake in progress)
-> text fin=1 masked len=5
<- text fin=1 len=5 'stats'
-> TCP close (no close frame)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: before run: connections 0
server: open 1
server: connections 2, max_connections 50, memory_budget 8388608
server: memory_used > 0 and within the budget: true
server: refusals and hits: 0 0 0 0
server: close 1 1000 ''
server: run returned
