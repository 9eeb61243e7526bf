--TEST--
Flow: one message's callback sends small and 100 KiB replies (1.6 MB, past the 256 KiB a corked queue may hold) and broadcasts between them: all arrive whole, in order
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_buffered' => 8 << 20, 'high_watermark' => 4 << 20], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $refused = 0;
    for ($i = 0; $i < 16; $i++) {
        $refused += $c->send("small $i") ? 0 : 1;
        $refused += $c->send(str_repeat(chr(65 + $i), 100 * 1024), true) ? 0 : 1;
        if ($i % 4 === 3) {
            $server->broadcast("broadcast $i");
        }
    }
    echo "server: sends refused: $refused\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'go');
$want = [];
for ($i = 0; $i < 16; $i++) {
    $want[] = "small $i";
    $want[] = 'big ' . chr(65 + $i);
    if ($i % 4 === 3) {
        $want[] = "broadcast $i";
    }
}
$got = [];
for ($i = 0; $i < count($want) && ($f = wst_recv_frame($ws, 10)) !== null; $i++) {
    $p = $f['payload'];
    if (strlen($p) === 100 * 1024 && $p === str_repeat($p[0], 100 * 1024)) {
        $p = 'big ' . $p[0];
    }
    $got[] = $p;
}
echo '<- ', count($got), ' frames, ', $got === $want ? 'all whole and in order' : 'NOT as expected: ' . json_encode(array_slice($got, 0, 8)), "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- 36 frames, all whole and in order
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: sends refused: 0
server: close 1 1000 ''
server: run returned
