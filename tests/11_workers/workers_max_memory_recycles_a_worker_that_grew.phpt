--TEST--
Workers: worker_max_memory => 16 MiB: a worker whose PHP memory grows past it (application code keeping 24 MiB) recycles itself: its client gets close 1012 'server restarting', the master starts a replacement, the old worker exits 0; the other worker is not touched
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (getenv('USE_ZEND_ALLOC') === '0') die('skip zend_memory_usage() is not tracked with USE_ZEND_ALLOC=0');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0, 'worker_max_memory' => 16 << 20], <<<'PHP'
$hoard = [];
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server, &$hoard) {
    if ($data === 'hoard') {
        for ($i = 0; $i < 24; $i++) {
            $hoard[] = str_repeat(chr(65 + $i), 1 << 20);
        }
        $c->send('hoarded');
        return;
    }
    wsw_handle($server, $c, $data, $binary);
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$master = wsw_pid($srv);
$first = wsw_wait_children($master, 2);
echo "workers forked: ", count($first), "\n";

$by = wsw_spread($srv['port'], 2, 1);
$fat = $by[0][0];
$other = $by[1][0];
wsw_send($fat->ws, 'hoard');
echo "<- ", wsw_recv_text($fat->ws), "\n";
wst_expect($fat->ws);
wst_send_close($fat->ws, 1012);
wst_expect_eof($fat->ws);
echo "the grown worker exits: ", var_export(wsw_wait_gone($fat->pid), true), "\n";
$now = wsw_wait_children($master, 2);
echo "two workers again, one of them new: ", var_export(count($now) === 2 && count(array_diff($now, $first)) === 1, true), "\n";
echo "the other worker's client still echoes: ", wsw_echo_all([$other], 'fine'), "\n";
echo "(SIGTERM to the master)\n";
wsw_kill($master, 'TERM');
echo implode("\n", wsw_expect_close_all([$other])), "\n";
wsw_finish($srv);
?>
--EXPECT--
workers forked: 2
<- hoarded
<- close 1012 'server restarting'
-> close 1012 ''
<- EOF
the grown worker exits: true
two workers again, one of them new: true
the other worker's client still echoes: 1
(SIGTERM to the master)
1 x close 1001 'server shutting down', EOF
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStart, getWorkerId() 0
worker 0: onWorkerStop
worker 0: onWorkerStop
worker 1: onWorkerStart, getWorkerId() 1
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: notice: SIGTERM: stopping 2 worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 (pid P) is recycling: starting its replacement
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
