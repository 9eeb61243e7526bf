--TEST--
Limits: under memory_limit=64M, 20 clients each slowly sending 15 MiB of a 16 MiB message: the server survives, the offenders get close 1009, memory_used stays within memory_budget, and a well-behaved client keeps its echo throughout
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

const OFFENDERS = 20;
$srv = wst_spawn_server(<<<'PHP'
ini_set('memory_limit', '64M');
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0, 'close_timeout' => 2000]);
wst_guard($server, 90000);
$closes = [];
$max_used = 0;
$over = 0;
$stats = $server->getStats();
echo "server: memory_budget is half of memory_limit: ", var_export($stats['memory_budget'] === 32 << 20, true), "\n";
$server->every(10, function () use ($server, &$max_used, &$over) {
    $s = $server->getStats();
    $max_used = max($max_used, $s['memory_used']);
    if ($s['memory_used'] > $s['memory_budget']) {
        $over++;
    }
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    $c->send($data, $binary);
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$closes) {
    $closes[$c->getPath()][$code] = ($closes[$c->getPath()][$code] ?? 0) + 1;
    if ($c->getPath() === '/good') {
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
$s = $server->getStats();
$n1009 = $closes['/big'][1009] ?? 0;
echo "server: offenders closed with 1009: at least 15: ", var_export($n1009 >= 15, true), " ($n1009; all: ", json_encode($closes['/big'] ?? []), ")\n";
echo "server: the good client closed with 1000: ", var_export(($closes['/good'] ?? []) === [1000 => 1], true), "\n";
echo "server: memory_refusals > 0: ", var_export($s['memory_refusals'] > 0, true), " ({$s['memory_refusals']})\n";
echo "server: memory_used never above memory_budget: ", var_export($over === 0 && $max_used <= $s['memory_budget'], true), " (peak $max_used)\n";
echo "server: run returned\n";
PHP);

$good = wst_connect($srv['port'], '/good');
$bad = wsl_connect_many($srv['port'], OFFENDERS, [], '/big');
echo "offenders: ", wsl_show_counts(wsl_read_heads($bad)), "\n";

/* Each offender: a binary frame declaring 16 MiB, then 15 MiB of it in 64 KiB pieces, round-robin, then a stall. */
$chunk = wst_xor_mask(str_repeat("\0", 64 << 10), WST_MASK_KEY);
$todo = [];
foreach ($bad as $k => $c) {
    stream_set_blocking($c->sock, false);
    $todo[$k] = ['pending' => substr(wst_frame(WST_BINARY, '', ['len' => 16 << 20]), 0, 14), 'sent' => 0, 'code' => null];
}
$echo_fail = 0;
$echoes = 0;
$deadline = microtime(true) + 40 * WST_SLOW;
for ($round = 0; $round < 100000 && microtime(true) < $deadline; $round++) {
    $busy = 0;
    foreach ($bad as $k => $c) {
        $t = &$todo[$k];
        if ($t['code'] !== null || $c->eof) {
            continue;
        }
        wsl_read_some($c);
        if (($f = wsl_take_frame($c->buf)) !== null) {
            $t['code'] = $f['opcode'] === WST_CLOSE ? wsl_close_code($f) : -$f['opcode'];
            wst_close_socket($c); /* a close frame cannot be sent in the middle of the 16 MiB frame */
            $c->eof = true;
            continue;
        }
        if ($c->eof) {
            continue;
        }
        if ($t['pending'] === '' && $t['sent'] < 15 << 20) {
            $t['pending'] = $chunk;
            $t['sent'] += strlen($chunk);
        }
        if ($t['pending'] !== '') {
            $busy++;
            $n = @fwrite($c->sock, $t['pending']);
            if ($n === false) {
                $c->eof = true;
                continue;
            }
            $t['pending'] = (string) substr($t['pending'], $n);
        }
    }
    unset($t);
    if ($round % 20 === 0) {
        wsh_echo_ok($good, "echo $round", 3.0) ? $echoes++ : $echo_fail++;
    }
    if ($busy === 0) {
        break;
    }
    usleep(2000);
}
/* Everyone has sent what it will send: stall a little, still echoing, and collect the close frames. */
for ($i = 0; $i < 10; $i++) {
    usleep(50000);
    wsh_echo_ok($good, "stall $i", 3.0) ? $echoes++ : $echo_fail++;
    foreach ($bad as $k => $c) {
        if ($todo[$k]['code'] === null && !$c->eof) {
            wsl_read_some($c);
            if (($f = wsl_take_frame($c->buf)) !== null) {
                $todo[$k]['code'] = $f['opcode'] === WST_CLOSE ? wsl_close_code($f) : -$f['opcode'];
            }
        }
    }
}
$codes = array_count_values(array_map(fn ($t) => (string) ($t['code'] ?? 'none'), $todo));
ksort($codes);
echo "offenders that got close 1009: at least 15: ", var_export(($codes['1009'] ?? 0) >= 15, true), " (", wsl_show_counts($codes), ")\n";
echo "the good client's echoes all came back: ", var_export($echo_fail === 0 && $echoes > 10, true), " ($echoes ok, $echo_fail failed)\n";
foreach ($bad as $c) {
    wst_close_socket($c);
}
usleep((int) (200000 * WST_SLOW));
wst_close_cleanly($good);
wst_finish($srv, 30.0);
?>
--EXPECTF--
<- 101 Switching Protocols
offenders: 101=20
offenders that got close 1009: at least 15: true (%s)
the good client's echoes all came back: true (%d ok, 0 failed)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: memory_budget is half of memory_limit: true
server: offenders closed with 1009: at least 15: true (%d; all: %s)
server: the good client closed with 1000: true
server: memory_refusals > 0: true (%d)
server: memory_used never above memory_budget: true (peak %d)
server: run returned
