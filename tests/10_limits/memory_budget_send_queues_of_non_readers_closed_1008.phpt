--TEST--
Limits: under memory_limit=64M, the server pushing 256 KiB messages to 20 clients that never read: the server survives, the non-readers are closed with 1008, memory_used stays within memory_budget, and a reading client keeps its echo
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

const SINKS = 20;
$srv = wst_spawn_server(<<<'PHP'
ini_set('memory_limit', '64M');
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0, 'close_timeout' => 1000]);
wst_guard($server, 90000);
$closes = [];
$max_used = 0;
$over = 0;
$rounds = 0;
$base = str_repeat('q', (256 << 10) - 8);
/* Every 5 ms, a new 256 KiB message (its own string, as an application's would be) to every non-reader still open. */
$server->every(5, function () use ($server, $base, &$rounds, &$max_used, &$over) {
    $s = $server->getStats();
    $max_used = max($max_used, $s['memory_used']);
    if ($s['memory_used'] > $s['memory_budget']) {
        $over++;
    }
    if ($rounds >= 2000) {
        return;
    }
    $rounds++;
    foreach ($server->getConnections() as $c) {
        if ($c->getPath() === '/sink' && $c->isOpen()) {
            $c->send($base . pack('NN', $rounds, $c->id), true);
        }
    }
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use (&$closes) {
    if ($data === 'status') {
        $c->send('sinks closed: ' . array_sum($closes['/sink'] ?? []));
        return;
    }
    $c->send($data, $binary);
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$closes) {
    $closes[$c->getPath()][$code] = ($closes[$c->getPath()][$code] ?? 0) + 1;
    if ($c->getPath() === '/reader') {
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
$s = $server->getStats();
echo "server: non-readers closed with 1008: ", json_encode($closes['/sink'] ?? []), "\n";
echo "server: the reader closed with 1000: ", var_export(($closes['/reader'] ?? []) === [1000 => 1], true), "\n";
echo "server: memory_refusals > 0: ", var_export($s['memory_refusals'] > 0, true), " ({$s['memory_refusals']})\n";
echo "server: memory_used never above memory_budget: ", var_export($over === 0 && $max_used <= $s['memory_budget'], true), " (peak $max_used)\n";
echo "server: run returned\n";
PHP);

$reader = wst_connect($srv['port'], '/reader');
$sinks = wsl_connect_many($srv['port'], SINKS, [], '/sink');
echo "non-readers: ", wsl_show_counts(wsl_read_heads($sinks)), " (they read nothing from now on)\n";
$echo_fail = 0;
$echoes = 0;
$status = '';
$deadline = microtime(true) + 40 * WST_SLOW;
for ($i = 0; $i < 2000 && microtime(true) < $deadline; $i++) {
    wsh_echo_ok($reader, "echo $i", 3.0) ? $echoes++ : $echo_fail++;
    wst_write($reader, wst_frame(WST_TEXT, 'status'));
    $f = wst_recv_frame($reader, 3.0);
    $status = $f['payload'] ?? '(none)';
    if ($status === 'sinks closed: ' . SINKS || $f === null) {
        break;
    }
    usleep(20000);
}
echo "reader: $status\n";
echo "the reader's echoes all came back: ", var_export($echo_fail === 0 && $echoes > 0, true), " ($echo_fail failed)\n";
foreach ($sinks as $c) {
    wst_close_socket($c);
}
wst_close_cleanly($reader);
wst_finish($srv, 30.0);
?>
--EXPECTF--
<- 101 Switching Protocols
non-readers: 101=20 (they read nothing from now on)
reader: sinks closed: 20
the reader's echoes all came back: true (0 failed)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: non-readers closed with 1008: {"1008":20}
server: the reader closed with 1000: true
server: memory_refusals > 0: true (%d)
server: memory_used never above memory_budget: true (peak %d)
server: run returned
