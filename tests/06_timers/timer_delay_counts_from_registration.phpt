--TEST--
Timers: after($ms) never fires before $ms have passed since the call, also when PHP code ran for a while since the loop last woke (setup before run(), a slow callback)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
wst_guard($server, 5000);
$busy = function (float $s) { $t = microtime(true); while (microtime(true) - $t < $s); };
$report = function (string $what, int $ms, float $registered) {
    $dt = (microtime(true) - $registered) * 1000;
    echo "$what: after($ms) ", $dt >= $ms - 2 ? 'not early' : sprintf('EARLY (fired after %.0f ms)', $dt), "\n";
};
$busy(0.15);                                   // setup work between construction and the timers
$r = microtime(true);
$server->after(200, fn () => $report('before run()', 200, $r));
$server->after(400, function () use ($server, $report, $busy, $r) {
    $report('before run()', 400, $r);
    $tick = $server->every(10, fn () => null); // wakes the loop often
    $busy(0.15);                               // a slow callback
    $r2 = microtime(true);
    $server->after(300, function () use ($server, $report, $r2, $tick) {
        $report('in a slow callback', 300, $r2);
        $server->cancel($tick);
        $server->stop();
    });
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
wst_finish($srv);
?>
--EXPECT--
--- server ---
before run(): after(200) not early
before run(): after(400) not early
in a slow callback: after(300) not early
