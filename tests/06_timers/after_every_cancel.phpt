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
// The afters have fixed deadlines, so their order is certain. An every() timer
// re-arms from the moment it fires, so a stalled loop (valgrind, a loaded
// machine) delays its later ticks: the ticks are checked on their own.
$tick_at = [];
$cancel_self = null;
$c_done = false;
$every = $server->every(100, function () use ($server, $ms, &$tick_at, &$every, &$cancel_self, &$finish) {
    $tick_at[] = $ms();
    if (count($tick_at) === 3) {
        $cancel_self = $server->cancel($every);
        $finish();
    }
});
$fired = $server->after(10, fn () => null);
$finish = function () use ($server, &$tick_at, &$cancel_self, &$c_done, $fired) {
    if (!$c_done || count($tick_at) < 3) {
        return;
    }
    // time for a tick that should not come any more
    $server->after(300, function () use ($server, &$tick_at, &$cancel_self, $fired) {
        // each tick is due 100 ms after the previous one was re-armed, just
        // before its callback ran: allow that callback's own time
        $gaps = true;
        for ($k = 0; $k < count($tick_at); $k++) {
            $gaps = $gaps && $tick_at[$k] - ($k ? $tick_at[$k - 1] : 0) >= 90;
        }
        echo "ticks: ", count($tick_at), ", each about 100 ms after the one before: ", $gaps ? 'yes' : 'no', "\n";
        echo "cancel itself: ", var_export($cancel_self, true), "\n";
        echo "cancel of a fired one-shot: ", var_export($server->cancel($fired), true), "\n";
        $server->stop();
    });
};
$server->after(350, function () use ($ms, &$c_done, &$finish) {
    echo "after 350: c", $ms() >= 345 ? '' : ' EARLY', "\n";
    $c_done = true;
    $finish();
});
$server->after(150, function (...$args) use ($ms) { echo "after 150: a", $ms() >= 145 ? '' : ' EARLY', ", args ", count($args), "\n"; });
$server->after(250, function () use ($ms) { echo "after 250: b", $ms() >= 245 ? '' : ' EARLY', "\n"; });
$doomed = $server->after(200, function () { echo "cancelled timer FIRED\n"; });
echo "cancel pending: ", var_export($server->cancel($doomed), true), "\n";
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "run returned\n";
PHP);
wst_finish($srv);
?>
--EXPECT--
--- server ---
cancel pending: true
after 150: a, args 0
after 250: b
after 350: c
ticks: 3, each about 100 ms after the one before: yes
cancel itself: true
cancel of a fired one-shot: false
run returned
