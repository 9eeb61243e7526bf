--TEST--
Limits: when the application has used up the open-file limit, new clients get 503 instead of waiting, stderr gets one (rate-limited) line about the open-file limit, getStats()['fd_limit_hits'] counts it, and clients get 101 again once the files are closed
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
require __DIR__ . '/limits.inc';
if (!wsl_have_prlimit()) die('skip needs prlimit(1) (util-linux)');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

$marker = tempnam(sys_get_temp_dir(), 'wsl_release_');
unlink($marker);
register_shutdown_function(fn () => @unlink($marker));
$srv = wst_spawn_server('const RELEASE = ' . var_export($marker, true) . ";\n" . <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['max_connections' => 10, 'ping_interval' => 0, 'handshake_timeout' => 3000]);
wst_guard($server, 30000);
/* The application uses up every descriptor the process may open. */
$files = [];
for ($i = 0; $i < 10000 && ($f = @fopen('/dev/null', 'r')) !== false; $i++) {
    $files[] = $f;
}
echo "server: the application holds all the files it could open: ", var_export(count($files) > 0 && @fopen('/dev/null', 'r') === false, true), "\n";
/* The test creates RELEASE when it is done with the refused clients: the files are closed from the loop. */
$server->every(20, function () use ($server, &$files) {
    if ($files && file_exists(RELEASE)) {
        $s = $server->getStats();
        echo "server: fd_limit_hits > 0: ", var_export($s['fd_limit_hits'] > 0, true), "\n";
        foreach ($files as $f) {
            fclose($f);
        }
        $files = [];
        unlink(RELEASE);
        echo "server: files closed\n";
    }
});
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open\n";
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server) {
    echo "server: close $code\n";
    $server->stop();
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP, WST_READY_TIMEOUT, ['prefix' => 'prlimit --nofile=64:64']);

$conns = wsl_connect_many($srv['port'], 10);
$counts = wsl_read_heads($conns, 5.0);
/* Under valgrind the guest's limit is 12 below the kernel's: accept() succeeds in the kernel and valgrind closes
   the new descriptor and reports EMFILE, so such a client sees EOF instead of 503. It still does not hang. */
$ok = getenv('WST_VALGRIND')
    ? ($counts['503'] ?? 0) > 0 && ($counts['503'] ?? 0) + ($counts['EOF'] ?? 0) === 10
    : ($counts['503'] ?? 0) === 10;
echo "10 clients while the files are used up get 503 at once: ", var_export($ok, true), ' (', wsl_show_counts($counts), ")\n";
wsl_close_all($conns);
usleep((int) (200000 * WST_SLOW));
$err = wsl_stderr($srv);
/* Under valgrind the guest's limit is so low that max_connections is also lowered at start, with its own line. */
$lines = array_values(array_filter(explode("\n", $err), fn ($l) => trim($l) !== '' && !str_contains($l, 'max_connections lowered')));
echo "stderr has one line, about the open-file limit: ", var_export(count($lines) === 1 && preg_match('/open.?file|descriptor|EMFILE|NOFILE/i', $lines[0]) === 1, true), "\n";
touch($marker);
for ($i = 0; $i < 500 && file_exists($marker); $i++) {
    usleep(10000 * (int) WST_SLOW);
}
echo "after the application closed its files: ";
$ws = wst_connect($srv['port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
10 clients while the files are used up get 503 at once: true (%s)
stderr has one line, about the open-file limit: true
after the application closed its files: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: the application holds all the files it could open: true
server: fd_limit_hits > 0: true
server: files closed
server: open
server: close 1000
server: run returned
--- server stderr ---
%a
