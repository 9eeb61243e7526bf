<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Store;

use WebSocket\Pusher\App;
use WebSocket\Pusher\Redis\RedisError;
use WebSocket\Pusher\Redis\RedisException;
use WebSocket\Pusher\Redis\Resp;

/**
 * The state shared by every worker and node through one Redis (the extension's own Redis link carries the
 * frames; this is the membership state beside it).
 *
 * Each process is an "owner" (its node id and a random part) with a heartbeat: a score in the sorted set
 * {prefix}owners, Redis's own clock plus node_timeout, refreshed every tick. What an owner holds is filed under
 * its name: {prefix}o:{owner} (a set of its presence memberships) and {prefix}oc:{owner} (a hash of its
 * connection and subscription counts, written behind in batches). Presence per channel is three hashes:
 * pm (socket => user), pu (user => number of sockets) and pi (user => user_info), changed only by Lua scripts, so
 * "first connection of the user anywhere" and "last one gone" are decided atomically across the cluster.
 *
 * A dead owner stops refreshing: counts are read only from live owners, so its connections drop out of the
 * channels and connections figures at once after node_timeout, and any live process's tick removes its presence
 * memberships (SPOP in batches, no KEYS, no SCAN over the keyspace) and publishes member_removed for users left
 * with no connection. So a dead node's members are gone within node_timeout + tick_interval. Nothing is wiped at
 * start-up. A process that was taken for dead (stalled past node_timeout) notices that its heartbeat entry was
 * gone and files its memberships again.
 */
final class RedisStore implements Store
{
    private const JOIN = <<<'LUA'
local first = 0
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('SADD', KEYS[4], ARGV[4])
  if redis.call('HINCRBY', KEYS[2], ARGV[2], 1) == 1 then
    redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
    first = 1
  end
end
return {first, redis.call('HGETALL', KEYS[3])}
LUA;

    private const LEAVE = <<<'LUA'
local uid = redis.call('HGET', KEYS[1], ARGV[1])
if not uid then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[2])
if redis.call('HINCRBY', KEYS[2], uid, -1) <= 0 then
  redis.call('HDEL', KEYS[2], uid)
  redis.call('HDEL', KEYS[3], uid)
  return uid
end
return false
LUA;

    // KEYS: owners zset, own ctl list. ARGV: owner, ttl ms, max dead owners returned, ctl batch
    private const HEARTBEAT = <<<'LUA'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local added = redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - 1, 'LIMIT', 0, tonumber(ARGV[3]))
local n = tonumber(ARGV[4])
local ctl = redis.call('LRANGE', KEYS[2], 0, n - 1)
if #ctl > 0 then redis.call('LTRIM', KEYS[2], n, -1) end
return {added, dead, ctl}
LUA;

    // KEYS: owners zset. ARGV: owner, ms from now. Sets the owner's heartbeat to run out then (only if present).
    private const EXPIRE_AT = <<<'LUA'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
LUA;

    // KEYS: owners zset. ARGV: prefix, dead owner, batch
    private const REAP = <<<'LUA'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not score or tonumber(score) >= now then return {1} end
local p = ARGV[1]
local oset = p .. 'o:' .. ARGV[2]
local out = {0}
for _, e in ipairs(redis.call('SPOP', oset, tonumber(ARGV[3]))) do
  local a, c, s = string.match(e, '^(.-)\n(.-)\n(.*)$')
  if a then
    local k = a .. ':' .. c
    local uid = redis.call('HGET', p .. 'pm:' .. k, s)
    if uid then
      redis.call('HDEL', p .. 'pm:' .. k, s)
      if redis.call('HINCRBY', p .. 'pu:' .. k, uid, -1) <= 0 then
        redis.call('HDEL', p .. 'pu:' .. k, uid)
        redis.call('HDEL', p .. 'pi:' .. k, uid)
        table.insert(out, a .. '\n' .. c .. '\n' .. uid)
      end
    end
  end
end
if redis.call('SCARD', oset) == 0 then
  redis.call('DEL', p .. 'oc:' .. ARGV[2], p .. 'ctl:' .. ARGV[2])
  redis.call('ZREM', KEYS[1], ARGV[2])
  out[1] = 1
end
return out
LUA;

    // KEYS: owners zset. ARGV: prefix, field prefix. Sums the live owners' count fields that start with it.
    private const SUM = <<<'LUA'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local sums = {}
for _, o in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
  local h = redis.call('HGETALL', ARGV[1] .. 'oc:' .. o)
  for i = 1, #h, 2 do
    if string.sub(h[i], 1, #ARGV[2]) == ARGV[2] then
      sums[h[i]] = (sums[h[i]] or 0) + tonumber(h[i + 1])
    end
  end
end
local flat = {}
for k, v in pairs(sums) do
  if v > 0 then table.insert(flat, k); table.insert(flat, v) end
end
return flat
LUA;

    // KEYS: owners zset. ARGV: prefix, own owner, command. Queues the command for every other live owner.
    private const TELL = <<<'LUA'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = 0
for _, o in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
  if o ~= ARGV[2] then
    local k = ARGV[1] .. 'ctl:' .. o
    redis.call('RPUSH', k, ARGV[3])
    redis.call('PEXPIRE', k, 60000)
    n = n + 1
  end
end
return n
LUA;

    private Resp $redis;
    private string $owner = '';
    private int $ownerPid = 0;
    /** @var array<string, int> field => this process's count (connections "n\n{app}", subscriptions "c\n{app}\n{channel}") */
    private array $counts = [];
    /** @var array<string, true> */
    private array $dirty = [];
    /** @var array<string, array{string, string, string, string}> entry => [appId, channel, userId, info]: this process's memberships */
    private array $memberships = [];
    /** @var array<string, string> script => sha1 */
    private array $sha = [];
    private bool $registered = false;
    private bool $abandoned = false;
    private int $stopGrace;
    /** @var list<float> round-trip times in ms of the last calls, for the bench */
    public array $timings = [];
    public bool $recordTimings = false;

    /**
     * @param array{host?: string, port?: int, socket?: string, password?: string, database?: int, timeout?: float} $redis
     * @param int $nodeTimeout ms without a heartbeat after which an owner counts as dead
     * @param int $tickInterval ms between heartbeats (also how often commands and dead owners are looked at)
     * @param ?int $stopGrace ms after a graceful stop begins before the others reap this process's presence
     *        members (default: half of node_timeout, at most 3 s)
     */
    public function __construct(
        array $redis,
        private readonly int $nodeId,
        private readonly string $prefix = 'pusher:',
        private readonly int $nodeTimeout = 10000,
        private readonly int $tickInterval = 2000,
        ?int $stopGrace = null,
    ) {
        if ($tickInterval < 100 || $nodeTimeout < 2 * $tickInterval) {
            throw new \ValueError('node_timeout must be at least twice tick_interval, and tick_interval at least 100 ms');
        }
        $this->stopGrace = $stopGrace ?? min(3000, intdiv($nodeTimeout, 2));
        if ($this->stopGrace < 0 || $this->stopGrace > $nodeTimeout) {
            throw new \ValueError('stop_grace must be between 0 and node_timeout');
        }
        $this->redis = new Resp($redis);
    }

    /** This process's name in the store ("{nodeId}-{random}"), new after a fork. */
    public function owner(): string
    {
        if ($this->ownerPid !== getmypid()) {
            $this->owner = $this->nodeId . '-' . bin2hex(random_bytes(6));
            $this->ownerPid = getmypid();
            $this->counts = $this->dirty = $this->memberships = [];
            $this->registered = $this->abandoned = false;
        }
        return $this->owner;
    }

    public function connectionsChanged(App $app, int $delta): void
    {
        $this->count("n\n" . $app->id, $delta);
    }

    public function connectionCount(App $app): int
    {
        $this->flush();
        $r = $this->script(self::SUM, [$this->prefix . 'owners'], [$this->prefix, "n\n" . $app->id]);
        return (int) ($r[1] ?? 0);
    }

    public function subscriptionsChanged(App $app, string $channel, int $delta): void
    {
        $this->count("c\n" . $app->id . "\n" . $channel, $delta);
    }

    public function channels(App $app): array
    {
        $this->flush();
        $p = "c\n" . $app->id . "\n";
        $r = $this->script(self::SUM, [$this->prefix . 'owners'], [$this->prefix, $p]);
        $out = [];
        for ($i = 0; $i + 1 < count($r); $i += 2) {
            $out[substr($r[$i], strlen($p))] = (int) $r[$i + 1];
        }
        return $out;
    }

    public function presenceJoin(App $app, string $channel, string $socketId, string $userId, string $userInfoJson): array
    {
        $this->heartbeatIfNew();
        $entry = $app->id . "\n" . $channel . "\n" . $socketId;
        $k = $app->id . ':' . $channel;
        $r = $this->script(self::JOIN, [
            $this->prefix . 'pm:' . $k, $this->prefix . 'pu:' . $k, $this->prefix . 'pi:' . $k,
            $this->prefix . 'o:' . $this->owner(),
        ], [$socketId, $userId, $userInfoJson, $entry]);
        $this->memberships[$entry] = [$app->id, $channel, $userId, $userInfoJson];
        return ['first' => (int) $r[0] === 1, 'members' => self::decodeMembers($r[1])];
    }

    public function presenceLeave(App $app, string $channel, string $socketId): ?string
    {
        $entry = $app->id . "\n" . $channel . "\n" . $socketId;
        unset($this->memberships[$entry]);
        $k = $app->id . ':' . $channel;
        $r = $this->script(self::LEAVE, [
            $this->prefix . 'pm:' . $k, $this->prefix . 'pu:' . $k, $this->prefix . 'pi:' . $k,
            $this->prefix . 'o:' . $this->owner(),
        ], [$socketId, $entry]);
        return is_string($r) ? $r : null;
    }

    public function presenceMembers(App $app, string $channel): array
    {
        return self::decodeMembers($this->call('HGETALL', $this->prefix . 'pi:' . $app->id . ':' . $channel));
    }

    public function cachePut(App $app, string $channel, string $frame, int $ttlSeconds): void
    {
        $this->call('SET', $this->prefix . 'cache:' . $app->id . ':' . $channel, $frame, 'EX', (string) max(1, $ttlSeconds));
    }

    public function cacheGet(App $app, string $channel): ?string
    {
        $r = $this->call('GET', $this->prefix . 'cache:' . $app->id . ':' . $channel);
        return is_string($r) ? $r : null;
    }

    public function terminateUser(App $app, string $userId): void
    {
        $this->heartbeatIfNew();
        $this->script(self::TELL, [$this->prefix . 'owners'], [$this->prefix, $this->owner(), "t\n" . $app->id . "\n" . $userId]);
    }

    public function tick(): array
    {
        $result = ['removed' => [], 'terminate' => [], 'added' => []];
        if ($this->abandoned && $this->ownerPid === getmypid()) {
            return $result;
        }
        $this->flush();
        [$added, $dead, $ctl] = $this->script(self::HEARTBEAT, [$this->prefix . 'owners', $this->prefix . 'ctl:' . $this->owner()],
            [$this->owner(), (string) $this->nodeTimeout, '8', '100']);
        if ((int) $added === 1 && $this->registered) {
            // we were taken for dead and reaped: file our memberships and counts again, and announce the users
            // the others were told had left
            $result['added'] = $this->refile();
        }
        $this->registered = true;
        foreach ($ctl as $cmd) {
            $parts = explode("\n", $cmd, 3);
            if (count($parts) === 3 && $parts[0] === 't') {
                $result['terminate'][] = [$parts[1], $parts[2]];
            }
        }
        $deadline = hrtime(true) + 20_000_000; // at most ~20 ms of reaping per tick; the rest next tick
        foreach ($dead as $owner) {
            do {
                $r = $this->script(self::REAP, [$this->prefix . 'owners'], [$this->prefix, $owner, '200']);
                foreach (array_slice($r, 1) as $removed) {
                    $result['removed'][] = explode("\n", $removed, 3);
                }
            } while ((int) $r[0] === 0 && hrtime(true) < $deadline);
            if (hrtime(true) >= $deadline) {
                break;
            }
        }
        return $result;
    }

    public function tickInterval(): int
    {
        return $this->tickInterval;
    }

    public function flush(): void
    {
        if ($this->dirty === []) {
            return;
        }
        $this->heartbeatIfNew();   // counts are read from live owners only
        $key = $this->prefix . 'oc:' . $this->owner();
        $cmds = [];
        foreach ($this->dirty as $field => $_) {
            $n = $this->counts[$field] ?? 0;
            $cmds[] = $n > 0 ? ['HSET', $key, $field, (string) $n] : ['HDEL', $key, $field];
        }
        $this->dirty = [];
        $this->timed(fn () => $this->redis->pipeline($cmds));
    }

    public function isDirty(): bool
    {
        return $this->dirty !== [];
    }

    public function abandon(): void
    {
        if ($this->ownerPid !== getmypid() || !$this->registered) {
            return;
        }
        try {
            // the heartbeat runs out after stop_grace: then the next tick of any live process reaps this owner's
            // memberships. Clients that reconnect elsewhere within the grace (a worker replaced: close 1012,
            // pusher-js is back in about a second) have joined again by then, so nobody sees them leave and return.
            $this->script(self::EXPIRE_AT, [$this->prefix . 'owners'], [$this->owner, (string) $this->stopGrace]);
        } catch (RedisException) {
            // Redis gone: the heartbeat runs out by itself
        }
        $this->registered = false;
        $this->abandoned = true;
    }

    public function shutdown(): void
    {
        if ($this->ownerPid !== getmypid()) {
            return;
        }
        $o = $this->owner;
        try {
            // memberships still filed (connections that did not get onClose) are reaped by the others later
            if ($this->memberships === []) {
                $this->redis->pipeline([
                    ['DEL', $this->prefix . 'oc:' . $o, $this->prefix . 'ctl:' . $o, $this->prefix . 'o:' . $o],
                    ['ZREM', $this->prefix . 'owners', $o],
                ]);
            } elseif (!$this->abandoned) {
                $this->script(self::EXPIRE_AT, [$this->prefix . 'owners'], [$o, (string) $this->stopGrace]);
            }   // abandoned: the heartbeat already runs out at the end of the grace
        } catch (RedisException) {
            // Redis gone: the heartbeat runs out by itself
        }
        $this->redis->close();
    }

    private function count(string $field, int $delta): void
    {
        $this->owner();
        $n = ($this->counts[$field] ?? 0) + $delta;
        if ($n > 0) {
            $this->counts[$field] = $n;
        } else {
            unset($this->counts[$field]);
        }
        $this->dirty[$field] = true;
    }

    private function heartbeatIfNew(): void
    {
        if ($this->abandoned && $this->ownerPid === getmypid()) {
            return;
        }
        if (!$this->registered || $this->ownerPid !== getmypid()) {
            $this->owner();
            $this->script(self::HEARTBEAT, [$this->prefix . 'owners', $this->prefix . 'ctl:' . $this->owner], [$this->owner, (string) $this->nodeTimeout, '0', '0']);
            $this->registered = true;
        }
    }

    /** @return list<array{string, string, string, string}> [appId, channel, userId, user_info JSON] of users filed anew */
    private function refile(): array
    {
        foreach ($this->counts as $field => $_) {
            $this->dirty[$field] = true;
        }
        $this->flush();
        $added = [];
        foreach ($this->memberships as $entry => [$appId, $channel, $userId, $info]) {
            [, , $socketId] = explode("\n", $entry, 3);
            $k = $appId . ':' . $channel;
            $r = $this->script(self::JOIN, [
                $this->prefix . 'pm:' . $k, $this->prefix . 'pu:' . $k, $this->prefix . 'pi:' . $k,
                $this->prefix . 'o:' . $this->owner,
            ], [$socketId, $userId, $info, $entry]);
            if ((int) $r[0] === 1) {
                $added[] = [$appId, $channel, $userId, $info];
            }
        }
        return $added;
    }

    /**
     * @param list<mixed>|null $flat
     * @return array<string, mixed>
     */
    private static function decodeMembers(?array $flat): array
    {
        $out = [];
        for ($i = 0; $flat !== null && $i + 1 < count($flat); $i += 2) {
            $out[(string) $flat[$i]] = json_decode((string) $flat[$i + 1]);
        }
        return $out;
    }

    private function call(string ...$args): mixed
    {
        return $this->timed(fn () => $this->redis->call(...$args));
    }

    /**
     * @param list<string> $keys
     * @param list<string> $args
     */
    private function script(string $lua, array $keys, array $args): mixed
    {
        $sha = $this->sha[$lua] ??= sha1($lua);
        return $this->timed(function () use ($lua, $sha, $keys, $args) {
            $cmd = [$sha, (string) count($keys), ...$keys, ...$args];
            $r = $this->redis->pipeline([['EVALSHA', ...$cmd]], false)[0];
            if ($r instanceof RedisError && str_starts_with($r->message, 'NOSCRIPT')) {
                $r = $this->redis->pipeline([['EVAL', $lua, ...array_slice($cmd, 1)]], false)[0];
            }
            if ($r instanceof RedisError) {
                throw new RedisException('Redis: ' . $r->message);
            }
            return $r;
        });
    }

    private function timed(callable $f): mixed
    {
        if (!$this->recordTimings) {
            return $f();
        }
        $t = hrtime(true);
        try {
            return $f();
        } finally {
            $this->timings[] = (hrtime(true) - $t) / 1e6;
        }
    }
}
