--TEST--
Workers: stop() called in onWorkerStart (the worker cannot start, e.g. its database is down) stops the whole server like a stop() anywhere else in a worker: the other worker stops too, the master's run() returns and the process exits 0; the failing worker is not restarted over and over
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wsw_server_code(['workers' => 2, 'ping_interval' => 0], <<<'PHP'
$server->onWorkerStart(function (int $w) use ($server) {
    echo "worker $w: onWorkerStart\n";
    if ($w === 1) {
        echo "worker 1: cannot start: stop()\n";
        $server->stop();
    }
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
/* Whether worker 1 has been reaped when the master reads its stop() decides whether one or two are told to stop. */
wsw_finish($srv, 5.0, null, ['/stopping [12] worker\(s\)/' => 'stopping N worker(s)']);
?>
--EXPECT--
--- server ---
master: run returned, getWorkerId() NULL
worker 0: onWorkerStart
worker 0: onWorkerStop
worker 1: cannot start: stop()
worker 1: onWorkerStart
worker 1: onWorkerStop
--- server stderr ---
WebSocket\Server master[P]: notice: stop() in a worker: stopping N worker(s) gracefully
WebSocket\Server master[P]: notice: worker 0 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 0 started (pid P)
WebSocket\Server master[P]: notice: worker 1 (pid P) exited with status 0 after T ms
WebSocket\Server master[P]: notice: worker 1 started (pid P)
