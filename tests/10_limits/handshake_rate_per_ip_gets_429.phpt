--TEST--
Limits: handshake_rate_per_ip 3: three quick connections from 127.0.0.1 are accepted, the fourth gets 429; about 1.1 s later a new one is accepted again
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

$srv = wst_echo_server(['handshake_rate_per_ip' => 3, 'ping_interval' => 0], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) use (&$opens) {
    $opens = ($opens ?? 0) + 1;
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$closes, &$opens) {
    if (++$closes === 4) {
        echo "server: $opens opened, ip_limit_refusals: ", $server->getStats()['ip_limit_refusals'], "\n";
        $server->stop();
    }
});
PHP, 4, 20000);
/* Four requests written at once, so all four reach the server well within one token's refill time (333 ms). */
$conns = wsl_connect_many($srv['port'], 4);
$counts = wsl_read_heads($conns);
echo "4 quick connections: ", wsl_show_counts($counts), "\n";
foreach ($conns as $c) {
    if (str_starts_with($c->response, 'HTTP/1.1 429')) {
        echo "the refused one: ", wst_status_line($c->response), "\n";
    }
}
wsl_close_all($conns);
usleep(1100000);
echo "1.1 s later: ";
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
4 quick connections: 101=3 429=1
the refused one: HTTP/1.1 429 Too Many Requests
1.1 s later: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: 4 opened, ip_limit_refusals: 1
server: run returned
