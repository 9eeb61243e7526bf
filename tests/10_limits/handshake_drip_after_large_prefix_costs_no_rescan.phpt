--TEST--
Limits: a request head dripped one byte per write after a 1 MB prefix costs the server about as much CPU as after a 1 KB prefix (the end of the head is searched from where the last read stopped, not rescanned), and gets 101
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; if (!is_readable('/proc/self/stat')) die('skip needs /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

const DRIP = 2000;
[$pidfile, $code] = wsh_pid_file();
$srv = wst_echo_server(['max_header_size' => 1 << 20, 'handshake_timeout' => 0, 'ping_interval' => 0], $code, 2, 120000);
$pid = wsh_pid($pidfile);

/* The head: request line and the usual headers, padding headers up to $prefix bytes, then a header of DRIP bytes
   (ending with the blank line) sent one byte per write. Returns the server's CPU time spent on the drip. */
function drip(int $port, int $pid, int $prefix, string $label): int
{
    $pad = [];
    $base = strlen(wst_request('/'));
    $left = $prefix - $base;
    for ($i = 0; $left > 0; $i++) {
        $n = min(9000, $left);
        $pad[] = sprintf('X-Pad-%03d: ', $i) . str_repeat('p', max(1, $n - 13));
        $left -= $n;
    }
    $head = wst_request('/', $pad);
    $tail = 'X-Drip: ' . str_repeat('d', DRIP - 12) . "\r\n\r\n";
    $head = substr($head, 0, -2) . $tail;
    $split = strlen($head) - DRIP;
    $ws = wst_tcp($port);
    wst_write($ws, substr($head, 0, $split));
    /* Let the server take in the prefix before the measurement starts. */
    usleep((int) (300000 * WST_SLOW));
    $cpu0 = wsl_cpu_ns($pid);
    for ($i = $split, $n = strlen($head); $i < $n; $i++) {
        wst_write($ws, $head[$i]);
        usleep(1000);
    }
    $resp = wst_read_head($ws, 10.0);
    $cpu = wsl_cpu_ns($pid) - $cpu0;
    echo "$label: head of ", abs($split - $prefix) < 100 ? 'prefix + ' . (strlen($head) - $split) . ' dripped bytes' : "WRONG SIZE $split", ': <- ', wst_status_code($resp), "\n";
    wst_close_cleanly($ws);
    return max($cpu, 1);
}

$small = drip($srv['port'], $pid, 1000, '1 KB prefix');
$large = drip($srv['port'], $pid, 1000000, '1 MB prefix');
/* Today's O(n^2) rescan makes the large case tens of times dearer; a resumed search makes them about equal.
   Floor the small one at 20 ms so that scheduler noise on a tiny figure cannot decide the ratio. */
$ratio = $large / max($small, 20000000);
echo "server CPU for the drip after 1 MB within 10x of after 1 KB: ", var_export($ratio < 10, true),
    sprintf(" (%.3f s vs %.3f s)", $large / 1e9, $small / 1e9), "\n";
wst_finish($srv, 30.0);
?>
--EXPECTF--
1 KB prefix: head of prefix + 2000 dripped bytes: <- HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
1 MB prefix: head of prefix + 2000 dripped bytes: <- HTTP/1.1 101
-> close 1000 ''
<- close 1000 ''
<- EOF
server CPU for the drip after 1 MB within 10x of after 1 KB: true (%f s vs %f s)
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: run returned
