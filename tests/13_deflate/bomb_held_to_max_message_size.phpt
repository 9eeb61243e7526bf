--TEST--
Deflate: a 10 MiB message of zeros compressed to about 10 KiB, against max_message_size 1 MiB, gets 1009 while inflating (in one frame or three), and the server's memory (PHP's peak, which counts the engine's allocations) does not grow by 10 MiB; a message just under the limit passes
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

$srv = wst_echo_server(['max_message_size' => 1 << 20, 'close_timeout' => 500], '
$base = memory_get_peak_usage();
$server->onOpen(function (WebSocket\Connection $c) { wst_say($c->id, "server: open {$c->id}\n"); });
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, &$closes, $base) {
    $grew = memory_get_peak_usage() - $base;
    wst_say($c->id, "server: close {$c->id} {$code} \'{$reason}\' peak growth " . ($grew < (3 << 20) ? "under 3 MiB" : "$grew bytes") . "\n");
    if (++$closes >= 3) {
        $server->stop();
    }
});', 3, 10000, true);
$bomb = wst_pmd_compress(str_repeat("\0", 10 << 20));
echo 'compressed: ', strlen($bomb) < 20000 ? 'under 20 KB' : strlen($bomb), "\n";
foreach ([1, 3] as $frags) {
    $ws = wst_pmd_connect($srv['port'], 'permessage-deflate', true);
    $k = intdiv(strlen($bomb), $frags) + 1;
    for ($i = 0; $i < $frags; $i++) {
        wst_write($ws, wst_frame($i ? WST_CONT : WST_BINARY, substr($bomb, $i * $k, $k), ['rsv' => $i ? 0 : 4, 'fin' => $i === $frags - 1]));
    }
    wst_expect($ws);
    wst_expect_eof($ws);
}
// Just under the limit: echoed (compressed, as the server sends it).
$ws = wst_pmd_connect($srv['port'], 'permessage-deflate', true);
wst_write($ws, wst_frame(WST_BINARY, wst_pmd_compress(str_repeat("\0", (1 << 20) - 1)), ['rsv' => 4]));
$f = wst_recv_frame($ws);
echo 'echo: rsv ', $f['rsv'], ', inflated ', strlen(wst_pmd_decompress($f['payload'])), " bytes\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
compressed: under 20 KB
<- close 1009 'message larger than max_message_size'
<- EOF
<- close 1009 'message larger than max_message_size'
<- EOF
echo: rsv 4, inflated 1048575 bytes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1009 'message larger than max_message_size' peak growth under 3 MiB
server: open 2
server: close 2 1009 'message larger than max_message_size' peak growth under 3 MiB
server: open 3
server: close 3 1000 '' peak growth under 3 MiB
server: run returned
