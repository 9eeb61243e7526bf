--TEST--
Timers: 2000 after() timers with random delays, a third of them cancelled, every() ones among them: each live one fires exactly once, in deadline order (registration time + delay, to the loop's millisecond); cancelled ones never
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
mt_srand(6455);
$fired = [];
$want = [];
$ids = [];
$span = [];
for ($i = 0; $i < 2000; $i++) {
    $ms = mt_rand(1, 300);
    // the deadline counts from registration: it lies between the clock just
    // before the call and just after it (the loop keeps whole milliseconds,
    // so it may sit up to 1 ms below the earlier reading)
    $lo = hrtime(true) / 1e6 + $ms - 1.0;
    $ids[$i] = $server->after($ms, function () use (&$fired, $i, &$span) { $fired[] = [$span[$i], $i]; });
    $span[$i] = [$lo, hrtime(true) / 1e6 + $ms];
    $want[$i] = $ms;
}
for ($i = 0; $i < 2000; $i += 3) {
    $server->cancel($ids[$i]);
    unset($want[$i]);
}
$ticks = 0;
$every = $server->every(7, function () use (&$ticks) { $ticks++; });
$server->after(500, function () use ($server, &$fired, $want, &$ticks, $every) {
    $server->cancel($every);
    $count = [];
    foreach ($fired as [, $i]) {
        $count[$i] = ($count[$i] ?? 0) + 1;
    }
    ksort($count);
    $in_order = true;
    for ($k = 1; $k < count($fired); $k++) {
        // a timer may fire before another only if its earliest possible
        // deadline is not after the other's latest possible one
        $in_order = $in_order && $fired[$k - 1][0][0] <= $fired[$k][0][1];
    }
    echo "live timers: ", count($want), ", fired: ", count($fired), "\n";
    echo "each live one exactly once, no cancelled one: ", array_keys($count) === array_keys($want) && max($count) === 1 ? 'yes' : 'no', "\n";
    echo "in deadline order: ", $in_order ? 'yes' : 'no', "\n";
    echo "every(7) kept ticking meanwhile: ", $ticks >= 5 ? 'yes' : "no ($ticks)", "\n";
    $server->stop();
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
wst_finish($srv);
?>
--EXPECT--
--- server ---
live timers: 1333, fired: 1333
each live one exactly once, no cancelled one: yes
in deadline order: yes
every(7) kept ticking meanwhile: yes
