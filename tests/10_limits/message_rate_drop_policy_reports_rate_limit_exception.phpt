--TEST--
Limits: max_messages_per_second 5 with message_rate_policy drop: of a burst of 10 messages 5 reach onMessage, the other 5 go to onError as WebSocket\RateLimitException (a WebSocket\Exception), the connection stays open, and about 1.1 s later messages flow again
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_messages_per_second' => 5, 'message_rate_policy' => 'drop', 'ping_interval' => 0], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    echo "server: message '$data'\n";
    $c->send($data);
});
$server->onError(function (?WebSocket\Connection $c, Throwable $e) {
    echo "server: error ", $c?->id ?? '-', ' ', get_class($e), ' is a WebSocket\Exception: ', var_export($e instanceof WebSocket\Exception, true),
        ', still open: ', var_export($c?->isOpen(), true), "\n";
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server) {
    echo "server: close $code, rate_limited_messages: ", $server->getStats()['rate_limited_messages'], "\n";
    $server->stop();
});
PHP);
$ws = wst_connect($srv['port']);
$burst = '';
for ($i = 1; $i <= 10; $i++) {
    $burst .= wst_frame(WST_TEXT, "m$i");
}
$t0 = microtime(true);
wst_send_raw($ws, $burst, '10 text messages m1..m10 in one write');
for ($i = 0; $i < 5; $i++) {
    wst_expect($ws);
}
echo "nothing more for 300 ms: ", var_export(wst_quiet_for($ws, 0.3), true), "\n";
usleep((int) max(0, 1.1e6 - (microtime(true) - $t0) * 1e6));
wst_send($ws, WST_TEXT, 'again');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> 10 text messages m1..m10 in one write
<- text fin=1 len=2 'm1'
<- text fin=1 len=2 'm2'
<- text fin=1 len=2 'm3'
<- text fin=1 len=2 'm4'
<- text fin=1 len=2 'm5'
nothing more for 300 ms: true
-> text fin=1 masked len=5
<- text fin=1 len=5 'again'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: message 'm1'
server: message 'm2'
server: message 'm3'
server: message 'm4'
server: message 'm5'
server: error 1 WebSocket\RateLimitException is a WebSocket\Exception: true, still open: true
server: error 1 WebSocket\RateLimitException is a WebSocket\Exception: true, still open: true
server: error 1 WebSocket\RateLimitException is a WebSocket\Exception: true, still open: true
server: error 1 WebSocket\RateLimitException is a WebSocket\Exception: true, still open: true
server: error 1 WebSocket\RateLimitException is a WebSocket\Exception: true, still open: true
server: message 'again'
server: close 1000, rate_limited_messages: 5
server: run returned
