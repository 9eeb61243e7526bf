--TEST--
Frames: a frame delivered in two TCP segments, split at every offset, is decoded the same (7, 16 and 64-bit lengths)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    $c->send(($binary ? 'b' : 't') . strlen($data) . ':' . md5($data));
});
PHP);
$ws = wst_connect($srv['port']);
$frames = [
    'text "Hello"' => [WST_TEXT, 'Hello'],
    'binary 200 bytes' => [WST_BINARY, str_repeat("\x00\xff\x80", 66) . 'xy'],
    'text 65600 bytes' => [WST_TEXT, str_repeat('abcdefgh', 8200)],
];
foreach ($frames as $label => [$op, $payload]) {
    $frame = wst_frame($op, $payload);
    $want = ($op === WST_BINARY ? 'b' : 't') . strlen($payload) . ':' . md5($payload);
    $bad = [];
    $max = min(strlen($frame) - 1, 24); // every header offset and the first payload bytes
    $offsets = range(1, $max);
    $offsets[] = strlen($frame) - 1;
    foreach ($offsets as $k) {
        wst_write($ws, substr($frame, 0, $k));
        usleep(3000);
        wst_write($ws, substr($frame, $k));
        $f = wst_recv_frame($ws);
        if ($f === null || $f['payload'] !== $want) {
            $bad[] = $k . '=' . ($f === null ? 'nothing' : $f['payload']);
        }
    }
    echo "-> $label, split at ", count($offsets), " offsets\n";
    echo "<- ", $bad ? 'WRONG at ' . implode(', ', $bad) : 'every split decoded', "\n";
}
echo "-> text \"Hello\" one byte per segment\n";
wst_write_split($ws, wst_frame(WST_TEXT, 'Hello'), 1, 2000);
$f = wst_recv_frame($ws);
echo '<- ', $f['payload'] ?? 'nothing', "\n";
echo "-> 3 frames, one byte per segment\n";
wst_write_split($ws, wst_frame(WST_TEXT, 'a') . wst_frame(WST_BINARY, 'bb') . wst_frame(WST_TEXT, 'ccc'), 1, 1000);
for ($i = 0; $i < 3; $i++) {
    $f = wst_recv_frame($ws);
    echo '<- ', $f['payload'] ?? 'nothing', "\n";
}
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text "Hello", split at 11 offsets
<- every split decoded
-> binary 200 bytes, split at 25 offsets
<- every split decoded
-> text 65600 bytes, split at 25 offsets
<- every split decoded
-> text "Hello" one byte per segment
<- t5:8b1a9953c4611296a827abf8c47804d7
-> 3 frames, one byte per segment
<- t1:0cc175b9c0f1b6a831c399e269772661
<- b2:21ad0bd836b90d08f4cf640b4c298e7c
<- t3:9df62e693988eb4e1e1444ece0578579
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
