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
$server->after(350, function () use ($ms) { echo "after 350: c", $ms() >= 345 ? '' : ' EARLY', "\n"; });
$server->after(150, function (...$args) use ($ms) { echo "after 150: a", $ms() >= 145 ? '' : ' EARLY', ", args ", count($args), "\n"; });
$server->after(250, function () use ($ms) { echo "after 250: b", $ms() >= 245 ? '' : ' EARLY', "\n"; });
$doomed = $server->after(200, function () { echo "cancelled timer FIRED\n"; });
echo "cancel pending: ", var_export($server->cancel($doomed), true), "\n";
$ticks = 0;
$every = $server->every(100, function () use ($server, &$ticks, &$every) {
    $ticks++;
    echo "every 100: tick $ticks\n";
    if ($ticks === 3) {
        echo "cancel itself: ", var_export($server->cancel($every), true), "\n";
    }
});
$fired = $server->after(10, fn () => null);
$server->after(600, function () use ($server, &$ticks, $fired) {
    echo "at 600: ticks $ticks, cancel of a fired one-shot: ", var_export($server->cancel($fired), true), "\n";
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
every 100: tick 1
after 150: a, args 0
every 100: tick 2
after 250: b
every 100: tick 3
cancel itself: true
after 350: c
at 600: ticks 3, cancel of a fired one-shot: false
run returned
