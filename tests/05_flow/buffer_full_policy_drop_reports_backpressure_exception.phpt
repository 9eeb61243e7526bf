--TEST--
Flow: buffer_full_policy drop: a message that would pass max_buffered is dropped, reported to onError as BackpressureException, and the connection stays open
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536, 'max_buffered' => 1 << 19, 'buffer_full_policy' => 'drop'], <<<'PHP'
$dropped = 0;
$errors = [];
$server->onError(function (?WebSocket\Connection $c, Throwable $e) use (&$dropped, &$errors) {
    $dropped++;
    $errors[get_class($e) . ' for connection ' . ($c?->id ?? 'null')] = true;
});
$server->onMessage(function (WebSocket\Connection $c, string $data) use (&$dropped) {
    if ($data !== 'go') {
        $c->send($data);
        return;
    }
    $chunk = str_repeat('x', 65536);
    $max = 0;
    $falses = 0;
    for ($i = 0; $i < 800; $i++) {
        if (!$c->send($chunk, true)) {
            $falses++;
        }
        $max = max($max, $c->getBufferedAmount());
    }
    echo "server: send() returned false: ", var_export($falses > 0, true), "\n";
    echo "server: still open: ", var_export($c->isOpen(), true), "\n";
    echo "server: queue stayed within max_buffered: ", var_export($max <= (1 << 19), true), "\n";
});
$server->onDrain(function (WebSocket\Connection $c) use (&$dropped, &$errors) {
    echo "server: drain; some messages were dropped: ", var_export($dropped > 0, true), "\n";
    echo "server: onError got: ", implode(', ', array_keys($errors)), "\n";
    $c->send('kept ' . (800 - $dropped));
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'go');
usleep(500000);
echo "(client reads again)\n";
$count = 0;
$last = null;
$deadline = microtime(true) + 20 * WST_SLOW;
while (microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null) {
    if ($f['opcode'] === WST_BINARY && $f['len'] === 65536) {
        $count++;
        continue;
    }
    $last = $f;
    break;
}
echo '<- ', $last ? wst_describe_received($last) : 'nothing after the data', "\n";
$kept = $last ? (int) substr($last['payload'], 5) : -1;
echo "received exactly the messages not dropped: ", $count === $kept ? 'yes' : "no ($count, server kept $kept)", "\n";
wst_send($ws, WST_TEXT, 'echo still works');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=2
(client reads again)
<- text fin=1 len=%d 'kept %d'
received exactly the messages not dropped: yes
-> text fin=1 masked len=16
<- text fin=1 len=16 'echo still works'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: send() returned false: true
server: still open: true
server: queue stayed within max_buffered: true
server: drain; some messages were dropped: true
server: onError got: WebSocket\BackpressureException for connection 1
server: close 1 1000 ''
server: run returned
