--TEST--
Limits: max_messages_per_second 5 with the default message_rate_policy (close): a burst of 10 messages gets 5 echoes, then close 1008 with a reason about the rate
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_messages_per_second' => 5, 'ping_interval' => 0], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    echo "server: message '$data'\n";
    $c->send($data);
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server) {
    echo "server: close $code, reason mentions the rate: ", var_export(stripos($reason, 'rate') !== false, true), "\n";
    echo "server: rate_limited_messages > 0: ", var_export($server->getStats()['rate_limited_messages'] > 0, true), "\n";
    $server->stop();
});
PHP);
$ws = wst_connect($srv['port']);
$burst = '';
for ($i = 1; $i <= 10; $i++) {
    $burst .= wst_frame(WST_TEXT, "m$i");
}
wst_send_raw($ws, $burst, '10 text messages m1..m10 in one write');
for ($i = 0; $i < 6; $i++) {
    $f = wst_recv_frame($ws);
    if ($f === null) {
        echo $ws->eof ? "<- EOF\n" : "<- TIMEOUT\n";
        break;
    }
    if ($f['opcode'] === WST_CLOSE) {
        echo '<- close ', unpack('n', $f['payload'])[1], ', reason mentions the rate: ', var_export(stripos(substr($f['payload'], 2), 'rate') !== false, true), "\n";
        break;
    }
    echo '<- ', wst_describe_received($f), "\n";
}
wst_send_close($ws, 1008);
wst_expect_eof($ws);
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
<- close 1008, reason mentions the rate: true
-> close 1008 ''
<- EOF
--- server ---
server: open 1
server: message 'm1'
server: message 'm2'
server: message 'm3'
server: message 'm4'
server: message 'm5'
server: close 1008, reason mentions the rate: true
server: rate_limited_messages > 0: true
server: run returned
