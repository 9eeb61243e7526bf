--TEST--
Hostile: a close flood: 1,000 close frames in one write get exactly one close answer and EOF; 200 clients closing at once are each answered, with one onClose each
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['close_timeout' => 2000]);
wst_guard($server, 20000);
$codes = [];
$server->onMessage(fn ($c, $d) => print("server: UNEXPECTED message $d\n"));
$server->onClose(function ($c, int $code, string $reason) use ($server, &$codes) {
    $codes["$code '$reason'"] = ($codes["$code '$reason'"] ?? 0) + 1;
    if (array_sum($codes) === 201) {
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
ksort($codes);
foreach ($codes as $k => $n) {
    echo "server: $n x close $k\n";
}
PHP);

echo "== one client, 1,000 close frames (codes 1000, 3000..3998) then a text frame, in one write\n";
$ws = wst_connect($srv['port']);
$bytes = wst_frame(WST_CLOSE, pack('n', 1000) . 'first');
for ($i = 0; $i < 999; $i++) {
    $bytes .= wst_frame(WST_CLOSE, pack('n', 3000 + $i) . 'again');
}
$bytes .= wst_frame(WST_TEXT, 'after close');
wst_send_raw($ws, $bytes, '1,000 close frames and a text frame');
wst_expect($ws);
wst_expect_eof($ws);

echo "== 200 clients sending close at once\n";
$many = [];
for ($i = 0; $i < 200; $i++) {
    $many[] = wst_connect($srv['port'], '/', [], true);
}
foreach ($many as $ws) {
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1001) . 'bye'));
}
$ok = 0;
foreach ($many as $ws) {
    $f = wst_recv_frame($ws);
    if ($f && $f['opcode'] === WST_CLOSE && substr($f['payload'], 0, 2) === pack('n', 1001) && wst_wait_eof($ws)) {
        $ok++;
    }
}
echo "answered with close 1001 and EOF: $ok of 200\n";
wst_finish($srv);
?>
--EXPECT--
== one client, 1,000 close frames (codes 1000, 3000..3998) then a text frame, in one write
<- 101 Switching Protocols
-> 1,000 close frames and a text frame
<- close 1000 'first'
<- EOF
== 200 clients sending close at once
answered with close 1001 and EOF: 200 of 200
--- server ---
server: 1 x close 1000 'first'
server: 200 x close 1001 'bye'
