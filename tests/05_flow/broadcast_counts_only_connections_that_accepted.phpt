--TEST--
Flow: broadcast() returns how many connections accepted the message: a connection whose queue is full (drop policy) is not counted and gets a BackpressureException
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['high_watermark' => 65536, 'max_buffered' => 1 << 19, 'buffer_full_policy' => 'drop'], <<<'PHP'
$errors = [];
$server->onError(function (?WebSocket\Connection $c, Throwable $e) use (&$errors) {
    $errors[get_class($e) . ' for connection ' . ($c?->id ?? 'null')] = true;
});
$chunk = str_repeat('b', 65536);
$counts = [];
// One broadcast per "go"/"next" from the reading client, which asks for the next one once it has read
// the last: it never falls behind, while the stalled one fills up whatever the machine's speed.
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, $chunk, &$counts, &$errors) {
    if ($data !== 'go' && $data !== 'next') {
        $c->send($data);
        return;
    }
    if (count($counts) === 300) {
        return; // the reader's "next" after the last one
    }
    $counts[] = $server->broadcast($chunk, true);
    if (count($counts) < 300) {
        return;
    }
    echo "server: first broadcasts accepted by 2: ", var_export($counts[0] === 2, true), "\n";
    echo "server: later ones accepted by 1: ", var_export(end($counts) === 1, true), "\n";
    echo "server: never more than 2 or less than 1: ", var_export(max($counts) === 2 && min($counts) === 1, true), "\n";
    ksort($errors);
    echo "server: onError got: ", implode(', ', array_keys($errors)), "\n";
    $c->send('done');
});
PHP, 2);
$reader = wst_connect($srv['port']);
$stalled = wst_connect($srv['port']);
echo "(client 2 does not read)\n";
wst_send($reader, WST_TEXT, 'go');
$count = 0;
$last = null;
$deadline = microtime(true) + 20 * WST_SLOW;
while (microtime(true) < $deadline && ($f = wst_recv_frame($reader)) !== null) {
    if ($f['opcode'] === WST_BINARY) {
        $count++;
        wst_write($reader, wst_frame(WST_TEXT, 'next'));
        continue;
    }
    $last = $f;
    break;
}
echo "client 1 got all 300 broadcasts: ", $count === 300 ? 'yes' : "no ($count)", "\n";
echo '<- ', $last ? wst_describe_received($last) : 'nothing', "\n";
wst_close_cleanly($reader);
wst_drop($stalled);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
<- 101 Switching Protocols
(client 2 does not read)
-> text fin=1 masked len=2
client 1 got all 300 broadcasts: yes
<- text fin=1 len=4 'done'
-> close 1000 ''
<- close 1000 ''
<- EOF
-> TCP close (no close frame)
--- server ---
server: open 1
server: open 2
server: first broadcasts accepted by 2: true
server: later ones accepted by 1: true
server: never more than 2 or less than 1: true
server: onError got: WebSocket\BackpressureException for connection 2
server: close 1 1000 ''
server: close 2 1006 '%S'
server: run returned
