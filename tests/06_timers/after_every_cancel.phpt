--TEST--
Timers: after() fires once in due order and not early, every() repeats until cancelled (also from its own callback), a cancelled timer never fires
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
wst_guard($server, 5000);
$t0 = microtime(true);
$ms = fn () => (microtime(true) - $t0) * 1000;
$server->after(150, function () use ($ms) { echo "after 150: c", $ms() >= 140 ? '' : ' EARLY', "\n"; });
$server->after(50, function (...$args) use ($ms) { echo "after 50: a", $ms() >= 45 ? '' : ' EARLY', ", args ", count($args), "\n"; });
$server->after(100, function () use ($ms) { echo "after 100: b", $ms() >= 95 ? '' : ' EARLY', "\n"; });
$doomed = $server->after(120, function () { echo "cancelled timer FIRED\n"; });
echo "cancel pending: ", var_export($server->cancel($doomed), true), "\n";
$ticks = 0;
$every = $server->every(40, function () use ($server, &$ticks, &$every) {
    $ticks++;
    echo "every 40: tick $ticks\n";
    if ($ticks === 3) {
        echo "cancel itself: ", var_export($server->cancel($every), true), "\n";
    }
});
$fired = $server->after(10, fn () => null);
$server->after(300, function () use ($server, &$ticks, $fired) {
    echo "at 300: ticks $ticks, cancel of a fired one-shot: ", var_export($server->cancel($fired), true), "\n";
    $server->stop();
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "run returned\n";
PHP);
wst_finish($srv);
?>
--EXPECT--
--- server ---
cancel pending: true
every 40: tick 1
after 50: a, args 0
every 40: tick 2
after 100: b
every 40: tick 3
cancel itself: true
after 150: c
at 300: ticks 3, cancel of a fired one-shot: false
run returned
