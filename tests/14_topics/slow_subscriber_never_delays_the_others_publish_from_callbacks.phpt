--TEST--
Topics: a subscriber that never reads goes over its own max_buffered (the drop policy reports it to onError, which closes it 1008) while the others get every message in order; publishing from onClose, from onError (the drop policy) and from inside a publish's own fan-out (an onError that closes another subscriber and publishes again) is safe
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/topics.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server("127.0.0.1", 0, ['max_buffered' => 2 * 1024 * 1024, 'high_watermark' => 1024 * 1024,
                                                'buffer_full_policy' => 'drop', 'close_timeout' => 300,
                                                'ping_interval' => 0, 'idle_timeout' => 0]);
$conns = [];
$errors = 0;
$server->onOpen(function (WebSocket\Connection $c) use (&$conns) {
    $conns[$c->id] = $c;
    $c->subscribe('big');
});
$server->onError(function (WebSocket\Connection $c, Throwable $e) use ($server, &$conns, &$errors) {
    /* Inside the fan-out of a publish to 'big': close the slow one's peers? No: close the slow one itself
     * (it stops counting) and publish again, to a topic being walked right now. */
    if (++$errors === 1) {
        $c->close(1008, 'too slow');
        echo "onError: ", get_class($e), "; nested publish accepted by ", $server->publish('big', 'nested'), "\n";
    }
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$conns) {
    unset($conns[$c->id]);
    echo "close {$c->id} {$code}; publish from onClose accepted by ", $server->publish('big', "gone {$c->id}"), "\n";
    if (!$conns) {
        $server->stop();
    }
});
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    static $seq = 0;
    if ($d === 'flood') {
        for ($i = 0; $i < 8; $i++) {
            $server->publish('big', str_pad('m' . ++$seq, 65536, '.'));
        }
        $c->send('flooded');
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
$slow = wst_connect($srv['port'], '/', [], true);  /* never reads */
$fast = wst_connect($srv['port'], '/', [], true);
$also = wst_connect($srv['port'], '/', [], true);
usleep(100000);
/* Rounds of 8 x 64 KiB: the two readers keep up, the one that never reads fills its kernel buffers, then its
 * max_buffered, and is dropped from then on (onError closes it). */
$got = ['fast' => [], 'also' => []];
for ($round = 0; $round < 60; $round++) {
    wst_write($fast, wst_frame(WST_TEXT, 'flood'));
    foreach (['fast' => $fast, 'also' => $also] as $name => $ws) {
        for ($i = 0; $i < 20; $i++) {
            $f = wst_recv_frame($ws, 2.0);
            if ($f === null || $f['payload'] === 'flooded') {
                break;
            }
            if (!wstt_ponged($ws, $f)) {
                $got[$name][] = rtrim($f['payload'], '.');
            }
        }
    }
    if (in_array('gone 1', $got['also'], true)) {
        break;
    }
}
for ($i = 0; $i < 20 && !in_array('gone 1', $got['fast'], true); $i++) {
    $f = wst_recv_frame($fast, 2.0);
    if ($f === null) {
        break;
    }
    $got['fast'][] = rtrim($f['payload'], '.');
}
foreach ($got as $name => $list) {
    $data = array_values(array_filter($list, fn ($m) => $m[0] === 'm'));
    $n = count($data);
    echo "$name: every message in order: ", json_encode($n > 8 && $data === array_map(fn ($i) => "m$i", range(1, $n))),
        ", and: ", json_encode(array_values(array_filter($list, fn ($m) => $m[0] !== 'm'))), "\n";
}
wst_close_cleanly($also);
wst_close_cleanly($fast);
wst_finish($srv);
?>
--EXPECTF--
fast: every message in order: true, and: ["nested","gone 1"]
also: every message in order: true, and: ["nested","gone 1"]
%A
--- server ---
onError: WebSocket\BackpressureException; nested publish accepted by 2
close 1 %d; publish from onClose accepted by 2
%A
