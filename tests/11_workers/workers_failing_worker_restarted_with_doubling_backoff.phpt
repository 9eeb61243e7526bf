--TEST--
Workers: a worker whose onWorkerStart throws (reported to onError) exits with status 1 and the master restarts it after 100, 200, then 400 ms, logging each death and each delay; the other worker serves meanwhile; once onWorkerStart succeeds the worker serves
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$count_file = tempnam(sys_get_temp_dir(), 'wsw_starts_');
register_shutdown_function(fn () => @unlink($count_file));
$cf = var_export($count_file, true);
$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0], <<<PHP
\$server->onError(function (?WebSocket\\Connection \$c, Throwable \$e) use (\$server) {
    echo 'worker ' . \$server->getWorkerId() . ': onError ' . get_class(\$e) . ': ' . \$e->getMessage() . "\\n";
});
\$server->onWorkerStart(function (int \$w) {
    if (\$w === 1) {
        \$n = (int) file_get_contents({$cf}) + 1;
        file_put_contents({$cf}, (string) \$n);
        if (\$n <= 3) {
            throw new RuntimeException("database down (attempt \$n)");
        }
        echo "worker 1: onWorkerStart, attempt \$n\\n";
    } else {
        echo "worker \$w: onWorkerStart\\n";
    }
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
$t = microtime(true);
$c0 = wsw_connect($srv['port']);
echo "worker 0 serves at once: ", var_export($c0 !== null && $c0->w === 0 && microtime(true) - $t < 1.0 * WST_SLOW, true), "\n";
$deadline = microtime(true) + 10 * WST_SLOW;
while ((int) file_get_contents($count_file) < 4 && microtime(true) < $deadline) {
    usleep(10000);
}
echo "worker 1 started successfully on attempt: ", (int) file_get_contents($count_file), ", after at least 0.7 s: ", var_export(microtime(true) - $t >= 0.7, true), "\n";
$by = wsw_spread($srv['port'], 2, 1);
echo "both serve now: ", json_encode(array_map('count', $by)), "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all(array_merge([$c0], wsw_all($by)))), "\n";
wsw_finish($srv);
?>
--EXPECT--
worker 0 serves at once: true
worker 1 started successfully on attempt: 4, after at least 0.7 s: true
both serve now: [1,1]
(SIGTERM to the master)
3 x close 1001 'server shutting down', EOF
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart
worker 0: onWorkerStop
worker 1: onError RuntimeException: database down (attempt 1)
worker 1: onError RuntimeException: database down (attempt 2)
worker 1: onError RuntimeException: database down (attempt 3)
worker 1: onWorkerStart, attempt 4
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: error: worker 1 (pid P) exited with status 1 after T ms
WebSocket\Server master[P]: error: worker 1 (pid P) exited with status 1 after T ms
WebSocket\Server master[P]: error: worker 1 (pid P) exited with status 1 after T ms
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: notice: worker 1 started (pid P)
WebSocket\Server master[P]: warning: restarting worker 1 in 100 ms
WebSocket\Server master[P]: warning: restarting worker 1 in 200 ms
WebSocket\Server master[P]: warning: restarting worker 1 in 400 ms
