--TEST--
Hostile: a client that never reads while the server pushes: the queue stops at max_buffered, the drop policy applies, and the server's RSS stays bounded
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; if (!is_readable('/proc/self/status')) die('skip needs /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
function rss_kb(): int {
    preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}
$max = 1 << 20;
$server = new WebSocket\Server('127.0.0.1', 0, ['high_watermark' => 256 << 10, 'max_buffered' => $max, 'buffer_full_policy' => 'drop', 'ping_interval' => 0]);
wst_guard($server, 20000);
$drops = 0;
$server->onError(function ($c, Throwable $e) use (&$drops) {
    if ($e instanceof WebSocket\BackpressureException) {
        $drops++;
    } else {
        echo 'server: unexpected ', get_class($e), ': ', $e->getMessage(), "\n";
    }
});
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, $max, &$drops) {
    if ($data !== 'push') {
        return;
    }
    $chunk = str_repeat('p', 64 << 10);
    $rss0 = rss_kb();
    $peak_q = 0;
    $peak_rss = $rss0;
    /* 4,000 x 64 KB = 250 MB pushed at a client that reads nothing. */
    for ($i = 0; $i < 4000 && $c->isOpen(); $i++) {
        $c->send($chunk, true);
        $peak_q = max($peak_q, $c->getBufferedAmount());
        if ($i % 100 === 0) {
            $peak_rss = max($peak_rss, rss_kb());
        }
    }
    echo "server: still open under the drop policy: ", var_export($c->isOpen(), true), "\n";
    echo "server: queue never above max_buffered: ", var_export($peak_q <= $max, true), " (peak $peak_q)\n";
    echo "server: most messages dropped and reported: ", var_export($drops > 3900, true), "\n";
    echo "server: RSS grew by less than 32 MB: ", var_export($peak_rss - $rss0 < 32 << 10, true), ' (', $peak_rss - $rss0, " kB)\n";
    $c->close(1000, 'done');
});
$server->onClose(function ($c, int $code) use ($server) {
    echo "server: close $code\n";
    $server->stop();
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'push');
echo "(client does not read for 2 s)\n";
sleep(2);
$deadline = microtime(true) + 15 * WST_SLOW;
$bytes = 0;
$close = null;
while (microtime(true) < $deadline && ($f = wst_recv_frame($ws)) !== null) {
    if ($f['opcode'] === WST_CLOSE) {
        $close = $f;
        break;
    }
    $bytes += $f['len'];
}
echo "client got at most max_buffered plus socket buffers before the close: ", var_export($bytes < (1 << 20) + (16 << 20), true), "\n";
echo '<- ', $close ? wst_describe_received($close) : 'no close frame', "\n";
wst_send_close($ws, 1000);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
(client does not read for 2 s)
client got at most max_buffered plus socket buffers before the close: true
<- close 1000 'done'
-> close 1000 ''
<- EOF
--- server ---
server: still open under the drop policy: true
server: queue never above max_buffered: true (peak %d)
server: most messages dropped and reported: true
server: RSS grew by less than 32 MB: true (%i kB)
server: close 1000
