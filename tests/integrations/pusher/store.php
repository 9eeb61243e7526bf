<?php
/*
 * RedisStore against a real redis-server started with KEYS, SCAN and FLUSH* disabled (so a call to any of them
 * fails the test): presence across owners (first connection anywhere, last one gone), counts summed over live
 * owners only, a dead owner's members reaped with member_removed, a stalled owner filing its memberships again,
 * terminate commands for the other owners, and nothing wiped by a new owner.
 *   php store.php REDIS_PORT
 */
declare(strict_types=1);
$root = dirname(__DIR__, 3);
spl_autoload_register(function (string $c) use ($root): void {
    if (str_starts_with($c, 'WebSocket\\Pusher\\')) {
        require $root . '/integrations/pusher/src/' . str_replace('\\', '/', substr($c, 17)) . '.php';
    }
});

use WebSocket\Pusher\App;
use WebSocket\Pusher\Redis\Resp;
use WebSocket\Pusher\Store\RedisStore;

$failed = 0;
function check(string $name, bool $ok, string $detail = ''): void
{
    global $failed;
    $failed += $ok ? 0 : 1;
    echo "check store $name ", $ok ? 'OK' : "FAILED: $detail", "\n";
}

$redis = ['host' => '127.0.0.1', 'port' => (int) $argv[1]];
$p = 'it' . getmypid() . ':';
$app = new App('1', 'k', 's');
$r = new Resp($redis);
$a = new RedisStore($redis, 100, $p, 600, 100);
$b = new RedisStore($redis, 200, $p, 600, 100);

$j1 = $a->presenceJoin($app, 'presence-r', '100.1', '1', '{"name":"Ann"}');
$j2 = $b->presenceJoin($app, 'presence-r', '200.1', '1', '{"name":"Ann"}');
$j3 = $b->presenceJoin($app, 'presence-r', '200.2', '2', '{"name":"Bob"}');
check('join: first connection of a user anywhere', $j1['first'] && !$j2['first'] && $j3['first'], json_encode([$j1, $j2, $j3]));
check('join: members of every owner, by user', array_map('strval', array_keys($j3['members'])) === ['1', '2'] && $j3['members']['2']->name === 'Bob', json_encode($j3));
$again = $a->presenceJoin($app, 'presence-r', '100.1', '1', '{"name":"Ann"}');
check('join of the same socket twice counts once', !$again['first'], json_encode($again));
$l1 = $a->presenceLeave($app, 'presence-r', '100.1');
$l2 = $b->presenceLeave($app, 'presence-r', '200.1');
check('leave: the user\'s last connection anywhere', $l1 === null && $l2 === '1', var_export([$l1, $l2], true));
check('leave of an unknown socket', $a->presenceLeave($app, 'presence-r', '100.99') === null);

$a->subscriptionsChanged($app, 'orders', 2);
$a->connectionsChanged($app, 2);
$b->subscriptionsChanged($app, 'orders', 1);
$b->subscriptionsChanged($app, 'presence-r', 1);
$b->connectionsChanged($app, 1);
$b->flush();
$a->tick();
$b->tick();
check('counts summed over the owners', $a->channels($app) == ['orders' => 3, 'presence-r' => 1] && $a->connectionCount($app) === 3,
    json_encode([$a->channels($app), $a->connectionCount($app)]));

// b dies: no more heartbeats
usleep(800_000);
$removed = $a->tick()['removed']; // a's heartbeat, and the first reaping
$chans = $a->channels($app);
check('a dead owner\'s counts drop out after node_timeout', $chans == ['orders' => 2] && $a->connectionCount($app) === 2, json_encode($chans));
for ($i = 0; $i < 5 && $removed === []; $i++) {
    $removed = $a->tick()['removed'];
}
check('a live owner reaps the dead one\'s members: member_removed for the users left with none', $removed === [['1', 'presence-r', '2']], json_encode($removed));
check('the dead owner\'s members are gone', $a->presenceMembers($app, 'presence-r') === [], json_encode($a->presenceMembers($app, 'presence-r')));
check('the dead owner\'s entries are gone', $r->call('ZSCORE', $p . 'owners', $b->owner()) === null
    && $r->call('EXISTS', $p . 'o:' . $b->owner(), $p . 'oc:' . $b->owner()) === 0);

// c stalls past node_timeout, is reaped, then comes back and files its memberships again
$c = new RedisStore($redis, 300, $p, 600, 100);
$c->presenceJoin($app, 'presence-r', '300.1', '3', '{"name":"Cy"}');
$c->tick();
$r->call('ZADD', $p . 'owners', '1', $c->owner());   // as if its heartbeat had run out long ago
$a->tick();
$gone = $a->presenceMembers($app, 'presence-r') === [];
$added = $c->tick()['added'];
check('an owner taken for dead and reaped files its memberships again on its next tick (and announces them)',
    $gone && array_map('strval', array_keys($a->presenceMembers($app, 'presence-r'))) === ['3'] && $added === [['1', 'presence-r', '3', '{"name":"Cy"}']],
    json_encode([$a->presenceMembers($app, 'presence-r'), $added]));

// terminate goes to the other live owners
$a->terminateUser($app, '3');
$tc = $c->tick()['terminate'];
$ta = $a->tick()['terminate'];
check('terminateUser reaches the other owners (not itself)', $tc === [['1', '3']] && $ta === [], json_encode([$tc, $ta]));

// a new owner wipes nothing; cache channels
$d = new RedisStore($redis, 400, $p, 600, 100);
$d->tick();
check('a new owner starting wipes nothing', array_map('strval', array_keys($d->presenceMembers($app, 'presence-r'))) === ['3'] && ($d->channels($app)['orders'] ?? 0) === 2,
    json_encode([$d->presenceMembers($app, 'presence-r'), $d->channels($app)]));
$a->cachePut($app, 'cache-x', '{"event":"e"}', 60);
check('cache channels: the last event from any owner', $d->cacheGet($app, 'cache-x') === '{"event":"e"}' && $d->cacheGet($app, 'cache-y') === null);

// a graceful stop: abandon() hands the members to the others after stop_grace (300 ms here); a user who came
// back elsewhere within it is not announced as gone; the stopping owner's own tick does not revive it
$e = new RedisStore($redis, 500, $p, 600, 100, 300);
$e->presenceJoin($app, 'presence-e', '500.1', '5', '{}');
$e->presenceJoin($app, 'presence-e', '500.2', '6', '{}');
$e->abandon();
$e->tick();
$early = $a->tick()['removed'];
$a->presenceJoin($app, 'presence-e', '100.7', '6', '{}');   // user 6 reconnected to a
usleep(400_000);
$removed = $a->tick()['removed'];
check('abandon(): after stop_grace another owner reaps the members; only users with no connection left are announced',
    $early === [] && $removed === [['1', 'presence-e', '5']] && array_map('strval', array_keys($a->presenceMembers($app, 'presence-e'))) === ['6']
    && $r->call('ZSCORE', $p . 'owners', $e->owner()) === null, json_encode([$early, $removed, $a->presenceMembers($app, 'presence-e')]));

// clean shutdown
$c->presenceLeave($app, 'presence-r', '300.1');
$c->shutdown();
check('a clean shutdown removes its own entries', $r->call('ZSCORE', $p . 'owners', $c->owner()) === null);
echo "store: ", $failed === 0 ? 'all OK' : "$failed failed", "\n";
exit($failed === 0 ? 0 : 1);
