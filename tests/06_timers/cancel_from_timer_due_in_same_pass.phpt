--TEST--
Timers: a timer cancelled by another timer due at the same moment never fires (one-shot and repeating), and a timer may start new ones
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
$b = $c = 0;
$server->after(50, function () use ($server, &$b, &$c) {
    echo "A fires, cancels B: ", var_export($server->cancel($b), true), ", cancels C: ", var_export($server->cancel($c), true), "\n";
    $server->after(20, function () use ($server) {
        echo "D (started by A) fires\n";
        $server->after(100, fn () => $server->stop());
    });
});
$b = $server->after(50, function () { echo "B FIRED\n"; });
$c = $server->every(50, function () { echo "C FIRED\n"; });
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "run returned\n";
PHP);
wst_finish($srv);
?>
--EXPECT--
--- server ---
A fires, cancels B: true, cancels C: true
D (started by A) fires
run returned
