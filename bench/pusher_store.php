<?php
/*
 * The cost of the Pusher server's Redis state on the event loop (bench/pusher.sh runs it against a local
 * redis-server): every call below is synchronous in the server's loop, so its latency is how long the loop waits.
 *   php pusher_store.php REDIS_PORT [MEMBERS]
 * - presence join and leave (one Lua script each), p50/p99/max in µs;
 * - the write-behind flush of 1,000 changed counts (one pipelined round trip);
 * - channels() (the HTTP API's cluster-wide sum) over 4 live owners;
 * - a dead owner holding MEMBERS (10,000) presence memberships: how long each tick of a live process takes while
 *   it reaps them (batches of 200, at most ~20 ms of reaping per tick), and how many ticks until all are gone.
 */
declare(strict_types=1);
spl_autoload_register(function (string $c): void {
    if (str_starts_with($c, 'WebSocket\\Pusher\\')) {
        require __DIR__ . '/../integrations/pusher/src/' . str_replace('\\', '/', substr($c, 17)) . '.php';
    }
});

use WebSocket\Pusher\App;
use WebSocket\Pusher\Store\RedisStore;

$port = (int) ($argv[1] ?? 6379);
$members = (int) ($argv[2] ?? 10000);
$redis = ['host' => '127.0.0.1', 'port' => $port];
$prefix = 'bench' . getmypid() . ':';
$app = new App('1', 'k', 's');

function stats(array $ms): string
{
    sort($ms);
    $n = count($ms);
    $us = fn (float $v) => number_format($v * 1000, 0);
    return sprintf('p50 %s µs, p99 %s µs, max %s µs (%d calls)', $us($ms[(int) ($n / 2)]), $us($ms[(int) ($n * 0.99)]), $us($ms[$n - 1]), $n);
}

$live = new RedisStore($redis, 1, $prefix, 1000, 100);
$live->recordTimings = true;
$live->tick();
$live->timings = [];
for ($i = 0; $i < 2000; $i++) {
    $live->presenceJoin($app, 'presence-c' . ($i % 20), "1.$i", (string) ($i % 500), '{"name":"u"}');
}
echo 'presence join:  ', stats($live->timings), "\n";
$live->timings = [];
for ($i = 0; $i < 2000; $i++) {
    $live->presenceLeave($app, 'presence-c' . ($i % 20), "1.$i");
}
echo 'presence leave: ', stats($live->timings), "\n";

$live->timings = [];
for ($r = 0; $r < 20; $r++) {
    for ($i = 0; $i < 1000; $i++) {
        $live->subscriptionsChanged($app, "channel-$i", 1);
    }
    $live->flush();
}
echo 'flush of 1,000 changed counts: ', stats($live->timings), "\n";

$others = [];
for ($o = 2; $o <= 4; $o++) {
    $s = new RedisStore($redis, $o, $prefix, 60000, 1000);
    for ($i = 0; $i < 1000; $i++) {
        $s->subscriptionsChanged($app, "channel-$i", 1);
    }
    $s->tick();
    $others[] = $s;
}
$live->timings = [];
for ($r = 0; $r < 50; $r++) {
    $c = $live->channels($app);
}
echo 'channels() over 4 owners x 1,000 channels: ', stats($live->timings), ' -> ', count($c), " channels\n";

$dead = new RedisStore($redis, 9, $prefix, 1000, 100);
$dead->tick();
for ($i = 0; $i < $members; $i++) {
    $dead->presenceJoin($app, 'presence-d' . ($i % 100), "9.$i", "u$i", '{}');
}
usleep(1_300_000);   // its heartbeat runs out (node_timeout 1 s)
$ticks = [];
$removed = 0;
$t0 = hrtime(true);
for ($n = 0; $n < 1000 && $removed < $members; $n++) {
    $t = hrtime(true);
    $r = $live->tick();
    $ticks[] = (hrtime(true) - $t) / 1e6;
    $removed += count($r['removed']);
}
printf("reaping a dead owner with %d members: %d ticks, each %s; all member_removed in %.0f ms of ticks (every tick_interval in a server)\n",
    $members, count($ticks), stats($ticks), (hrtime(true) - $t0) / 1e6);
echo "RESULT removed=$removed of $members\n";
exit($removed === $members ? 0 : 1);
