<?php
/*
 * bench/soak/soak.php: long-running memory check against examples/echo.php.
 *
 *   php -d extension=$PWD/modules/websocket.so bench/soak/soak.php [--quick]
 *
 * Starts examples/echo.php on a free port (same PHP, same -d arguments), then
 *   1. 1,000,000 messages over a single connection (pipelined in batches of 1,000, every echo checked);
 *   2. 100,000 connections opened, handshaken, closed cleanly, in waves of 1,000 held at once.
 * --quick divides both counts by 100 (CI). The server's VmRSS is read from /proc/<pid>/status at the start
 * (after a warm-up: one wave of connections and the first 10% of the messages), during each phase and at the end. Exit 1 if the end RSS is more than 5% above the
 * start (after warm-up), or on any protocol error.
 */
$quick = in_array('--quick', $argv, true);
$div = $quick ? 100 : 1;
$messages = intdiv(1000000, $div);
$conns = intdiv(100000, $div);
$wave = min(1000, $conns);
$tolerance = 0.05;

function fail(string $why): never
{
    fwrite(STDERR, "soak: FAIL: $why\n");
    exit(1);
}

/* The server: same PHP binary and -d settings as ours. */
$args = [];
$cmdline = explode("\0", rtrim((string) file_get_contents('/proc/self/cmdline'), "\0"));
for ($i = 1; $i < count($cmdline); $i++) {
    if ($cmdline[$i] === '-d' && isset($cmdline[$i + 1])) {
        $args[] = '-d ' . escapeshellarg($cmdline[++$i]);
    } elseif (str_starts_with($cmdline[$i], '-d') && strlen($cmdline[$i]) > 2) {
        $args[] = '-d ' . escapeshellarg(substr($cmdline[$i], 2));
    } elseif ($cmdline[$i] === '-n') {
        $args[] = '-n';
    }
}
$echo = dirname(__DIR__, 2) . '/examples/echo.php';
$cmd = 'exec ' . escapeshellarg(PHP_BINARY) . ' ' . implode(' ', $args) . ' ' . escapeshellarg($echo) . ' 0';
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);
if (!is_resource($proc)) {
    fail('cannot start examples/echo.php');
}
register_shutdown_function(function () use ($proc) {
    proc_terminate($proc, 15);
    proc_close($proc);
});
$pid = proc_get_status($proc)['pid'];
stream_set_timeout($pipes[1], 10);
$line = (string) fgets($pipes[1]);
if (!preg_match('/^READY (\d+)/', $line, $m)) {
    fail("server did not print READY: $line");
}
$port = (int) $m[1];

function rss_kb(int $pid): int
{
    $s = (string) @file_get_contents("/proc/$pid/status");
    return preg_match('/^VmRSS:\s+(\d+) kB/m', $s, $m) ? (int) $m[1] : -1;
}

function connect_ws(int $port)
{
    $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 10);
    if ($s === false) {
        fail("connect: $errno $errstr");
    }
    stream_set_timeout($s, 10);
    return $s;
}

function request(): string
{
    return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

function read_head($s): void
{
    $head = '';
    while (!str_contains($head, "\r\n\r\n")) {
        $c = fread($s, 1);
        if ($c === '' || $c === false) {
            fail('no handshake response');
        }
        $head .= $c;
    }
    if (!str_starts_with($head, 'HTTP/1.1 101')) {
        fail('handshake refused: ' . strtok($head, "\r"));
    }
}

function masked(int $opcode, string $payload): string
{
    $key = "\x01\x02\x03\x04";
    $n = strlen($payload);
    $hdr = chr(0x80 | $opcode) . ($n <= 125 ? chr(0x80 | $n) : chr(0x80 | 126) . pack('n', $n));
    return $hdr . $key . ($payload ^ str_repeat($key, intdiv($n, 4) + 1));
}

function read_exact($s, int $n): string
{
    $buf = '';
    while (strlen($buf) < $n) {
        $c = fread($s, $n - strlen($buf));
        if ($c === '' || $c === false) {
            fail('connection ended early');
        }
        $buf .= $c;
    }
    return $buf;
}

function wave(int $port, int $n): void
{
    $socks = [];
    for ($i = 0; $i < $n; $i++) {
        $socks[] = connect_ws($port);
    }
    foreach ($socks as $c) {
        fwrite($c, request());
    }
    foreach ($socks as $c) {
        read_head($c);
    }
    foreach ($socks as $c) {
        fwrite($c, masked(8, pack('n', 1000)));
    }
    foreach ($socks as $c) {
        if (read_exact($c, 4) !== "\x88\x02\x03\xe8") {
            fail('no close 1000 answer');
        }
        if (fread($c, 1) !== '') {
            fail('data after the close answer');
        }
        fclose($c);
    }
}

$samples = [];
function sample(string $label, int $pid, array &$samples): int
{
    $kb = rss_kb($pid);
    $samples[] = [$label, $kb];
    printf("  %-40s RSS %8d kB\n", $label, $kb);
    return $kb;
}

printf("soak%s: server pid %d port %d; %d messages on one connection, %d connections in waves of %d\n",
    $quick ? ' --quick' : '', $pid, $port, $messages, $conns, $wave);
$t0 = microtime(true);
sample('at start (idle)', $pid, $samples);
wave($port, $wave); /* warm-up: one wave of connections, not counted */

/* Phase 1: messages over one connection. Sizes cycle 1..200 bytes; a batch is written, then read back. */
$s = connect_ws($port);
fwrite($s, request());
read_head($s);
$batch = 1000;
$warm = intdiv($messages, 10);
$start = 0;
for ($done = 0; $done < $messages;) {
    $n = min($batch, $messages - $done);
    $out = '';
    $expect = [];
    for ($i = 0; $i < $n; $i++) {
        $p = str_repeat(chr(97 + ($done + $i) % 26), 1 + ($done + $i) % 200);
        $expect[] = $p;
        $out .= masked(1, $p);
    }
    fwrite($s, $out);
    foreach ($expect as $p) {
        $h = read_exact($s, 2);
        $len = ord($h[1]);
        if ($len === 126) {
            $len = unpack('n', read_exact($s, 2))[1];
        }
        if (ord($h[0]) !== 0x81 || $len !== strlen($p)) {
            fail('unexpected frame header ' . bin2hex($h));
        }
        if (read_exact($s, strlen($p)) !== $p) {
            fail('echo mismatch');
        }
    }
    $done += $n;
    if ($done === $warm) {
        $start = sample("after warm-up ($done messages)", $pid, $samples);
    } elseif ($done % intdiv($messages, 4) === 0) {
        sample("messages: $done", $pid, $samples);
    }
}
fwrite($s, masked(8, pack('n', 1000)));
read_exact($s, 4);
fclose($s);
$t1 = microtime(true);
printf("  phase 1: %d messages in %.1f s (%.0f msg/s round trip)\n", $messages, $t1 - $t0, $messages / ($t1 - $t0));

/* Phase 2: connections in waves. */
for ($opened = 0, $w = 0; $opened < $conns; $w++) {
    $n = min($wave, $conns - $opened);
    wave($port, $n);
    $opened += $n;
    $waves = intdiv($conns, $wave);
    if ($waves >= 4 && ($w + 1) % intdiv($waves, 4) === 0) {
        sample("connections: $opened", $pid, $samples);
    }
}
$t2 = microtime(true);
printf("  phase 2: %d connections in %.1f s (%.0f conn/s)\n", $conns, $t2 - $t1, $conns / ($t2 - $t1));
usleep(500000);
$end = sample('at end (idle)', $pid, $samples);
$ratio = $end / max(1, $start);
printf("soak: start %d kB (after warm-up), end %d kB, %+.2f%% (limit +%d%%), %.1f s\n",
    $start, $end, ($ratio - 1) * 100, $tolerance * 100, $t2 - $t0);
if ($ratio > 1 + $tolerance) {
    fail(sprintf('end RSS %d kB is more than %d%% above the start %d kB', $end, $tolerance * 100, $start));
}
echo "soak: PASS\n";
