--TEST--
Hostile: a connection flood beyond the process file limit: the server keeps serving existing clients, does not spin, says so once on stderr, and accepts new clients after the flood leaves
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!is_readable('/proc/self/stat')) die('skip needs /proc');
if (!function_exists('posix_setrlimit') && trim((string) shell_exec('command -v prlimit')) === '') die('skip needs prlimit(1) or posix_setrlimit()');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/hostile.inc';

const LIMIT = 64;
[$pidfile, $code] = wsh_pid_file();
/* The child lowers its own limit when it can; otherwise the test does it with prlimit(1). */
$code .= "if (function_exists('posix_setrlimit')) { posix_setrlimit(POSIX_RLIMIT_NOFILE, " . LIMIT . ", " . LIMIT . "); }\n";
$srv = wst_echo_server(['handshake_timeout' => 1500, 'ping_interval' => 0], $code, 5, 30000, true);
$pid = wsh_pid($pidfile);
exec('prlimit --pid ' . $pid . ' --nofile=' . LIMIT . ':' . LIMIT . ' 2>&1', $out, $rc);
$limits = (string) @file_get_contents("/proc/$pid/limits");
echo "server file limit is ", LIMIT, ": ", var_export((bool) preg_match('/^Max open files\s+' . LIMIT . '\s+' . LIMIT . '/m', $limits), true), "\n";

$clients = [];
for ($i = 0; $i < 3; $i++) {
    $clients[] = wst_connect($srv['port'], '/', [], true);
}
/* The clients' own traffic costs the server some CPU (a lot more under valgrind): measure it first, so
   that what the flood adds is what gets checked. */
$echo_loop = function (float $seconds) use ($clients, $pid): array {
    $cpu0 = wsh_cpu_seconds($pid);
    $t0 = microtime(true);
    $echoes = 0;
    $failed = 0;
    while (microtime(true) - $t0 < $seconds) {
        foreach ($clients as $k => $ws) {
            wsh_echo_ok($ws, "echo $k") ? $echoes++ : $failed++;
        }
        usleep(20000);
    }
    return [wsh_cpu_seconds($pid) - $cpu0, microtime(true) - $t0, $echoes, $failed];
};
[$base_cpu, $base_wall] = $echo_loop(1.5);
/* The flood: far more TCP connections than the server has descriptors, sending nothing. */
$flood = [];
for ($i = 0; $i < 400; $i++) {
    $s = @stream_socket_client('tcp://127.0.0.1:' . $srv['port'], $errno, $errstr, 2);
    if ($s !== false) {
        $flood[] = $s;
    }
}
echo "flood connections made: ", count($flood) >= 300 ? 'at least 300' : count($flood), "\n";
[$cpu, $wall, $echoes, $failed] = $echo_loop(3.0);
echo "existing clients served during the flood: ", var_export($echoes > 30 && $failed === 0, true), " ($failed failures)\n";
/* A server that spins on accept() would be near 100% of wall time. */
$extra = $cpu / $wall - $base_cpu / $base_wall;
echo "server CPU during the flood under 30% of wall time above the same traffic without it: ", var_export($extra < 0.3, true),
    sprintf(" (%.2f s CPU in %.2f s; without the flood %.2f s in %.2f s)", $cpu, $wall, $base_cpu, $base_wall), "\n";
foreach ($flood as $s) {
    fclose($s);
}
usleep(500000);
$late = [];
$served = 0;
for ($i = 0; $i < 2; $i++) {
    $ws = wst_connect($srv['port'], '/', [], true);
    $served += wsh_echo_ok($ws, "after $i") ? 1 : 0;
    $late[] = $ws;
}
echo "new clients after the flood left: $served of 2 served\n";
foreach (array_merge($clients, $late) as $ws) {
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
    wst_wait_eof($ws, 3.0);
}
wst_finish($srv);
?>
--EXPECTF--
server file limit is 64: true
flood connections made: at least 300
existing clients served during the flood: true (0 failures)
server CPU during the flood under 30% of wall time above the same traffic without it: true (%f s CPU in %f s; without the flood %f s in %f s)
new clients after the flood left: 2 of 2 served
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: open 3
server: close 3 1000 ''
server: open %d
server: close %d 1000 ''
server: open %d
server: close %d 1000 ''
server: run returned
--- server stderr ---
WebSocket\Server: error: out of file descriptors (open-file limit %d, %d connections): %d new connection(s) refused with 503; raise ulimit -n or lower max_connections%A
