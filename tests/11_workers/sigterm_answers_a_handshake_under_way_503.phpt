--TEST--
Signals: a client whose handshake is under way when SIGTERM comes (its request head not complete yet) is answered 503 and closed at once, neither left hanging nor cut off without an answer; an open client gets close 1001 as usual
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wst_echo_server_code(['ping_interval' => 0], <<<'PHP'
$server->onShutdown(function (int $code) use ($server) {
    $st = $server->getStats()['connections_by_state'];
    echo "server: onShutdown($code): {$st['open']} open, {$st['handshake']} handshake under way\n";
});
PHP, 99, 10000), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);

$open = wst_connect($srv['port']);
$slow = wst_tcp($srv['port']);
$request = wst_request();
wst_write($slow, substr($request, 0, 30));
echo "-> the first 30 bytes of a request head\n";
usleep((int) (300000 * WST_SLOW));
echo "(SIGTERM)\n";
$t = microtime(true);
wsw_kill(wsw_pid($srv), 'TERM');
echo '<- ', wst_status_line(wst_read_head($slow)), "\n";
echo "answered within 1 s: ", var_export(microtime(true) - $t < 1.0 * WST_SLOW, true), "\n";
echo '<- ', wst_wait_eof($slow) ? 'EOF' : 'no EOF', " after its body\n";
wst_expect($open);
wst_send_close($open, 1001);
wst_expect_eof($open);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> the first 30 bytes of a request head
(SIGTERM)
<- HTTP/1.1 503 Service Unavailable
answered within 1 s: true
<- EOF after its body
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: open 1
server: onShutdown(1001): 1 open, 1 handshake under way
server: close 1 1001 'server shutting down'
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (2 connection(s), shutdown_timeout 5000 ms)
