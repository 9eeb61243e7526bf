--TEST--
Limits: max_connections_per_ip 2: a third concurrent connection from 127.0.0.1 gets 429 Too Many Requests without onOpen running; after one closes, a new one is accepted; getStats() counts the refusal
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_connections_per_ip' => 2, 'ping_interval' => 0], <<<'PHP'
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$closes) {
    echo "server: close {$c->id} $code\n";
    if (++$closes === 3) {
        echo "server: ip_limit_refusals: ", $server->getStats()['ip_limit_refusals'], "\n";
        $server->stop();
    }
});
PHP);
$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
$resp = wst_handshake_raw($srv['port'], wst_request(), $c);
echo "third: ", wst_status_line($resp), "\n";
wst_close_socket($c);
wst_close_cleanly($a);
usleep((int) (100000 * WST_SLOW));
echo "after one closed: ";
$d = wst_connect($srv['port']);
wst_close_cleanly($b);
wst_close_cleanly($d);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
third: HTTP/1.1 429 Too Many Requests
-> close 1000 ''
<- close 1000 ''
<- EOF
after one closed: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: close 1 1000
server: open 3
server: close 2 1000
server: close 3 1000
server: ip_limit_refusals: 1
server: run returned
