<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * Room member counts across nodes, for count(): every server process (each worker of each node, a replacement worker apart from the one it replaces) writes how many
 * members each of its rooms has to its own Redis hash `{prefix}presence:{node}.{pid}` every INTERVAL_MS, with
 * a TTL of TTL seconds, and lists itself in the set `{prefix}presence`. A reader adds up the hashes that still
 * exist. So a node that dies (SIGKILL, power cut) stops counting at most TTL seconds after its last beat; a node
 * that starts writes only its own keys (nothing of another node is wiped); a graceful stop removes its own at once.
 * Membership itself is not here: it is in the extension's topics.
 */
final class Presence
{
    public const INTERVAL_MS = 2000;
    public const TTL = 6;
    public const RETRY_S = 10;

    // KEYS: the set, this process's hash; ARGV: TTL, member, hash prefix, then room, count, room, count...
    // A few names drawn at random from the set lose their place if their hash has expired, so the set does not
    // keep the names of processes long gone even when nobody reads counts.
    private const WRITE = <<<'LUA'
        redis.call('DEL', KEYS[2])
        if #ARGV > 3 then
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            redis.call('SADD', KEYS[1], ARGV[2])
        end
        for _, m in ipairs(redis.call('SRANDMEMBER', KEYS[1], 3)) do
            if redis.call('EXISTS', ARGV[3] .. m) == 0 then redis.call('SREM', KEYS[1], m) end
        end
        return 1
        LUA;

    // ARGV: hash prefix, room, node prefix to leave out ("" for none)
    private const READ = <<<'LUA'
        local n = 0
        for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            if ARGV[3] == '' or string.sub(m, 1, #ARGV[3]) ~= ARGV[3] then
                local key = ARGV[1] .. m
                local v = redis.call('HGET', key, ARGV[2])
                if v then
                    n = n + tonumber(v)
                elseif redis.call('EXISTS', key) == 0 then
                    redis.call('SREM', KEYS[1], m)
                end
            end
        end
        return n
        LUA;

    /** @var array<string, true> rooms joined in this process since the last beat that found them empty */
    private array $rooms = [];
    private bool $failing = false;
    private float $retryAt = 0.0;

    /** @param string $member "{node}.{pid}" */
    public function __construct(private readonly RedisLink $redis, private readonly string $member)
    {
    }

    public function joined(string $room): void
    {
        $this->rooms[$room] = true;
    }

    /**
     * Writes this process's counts. Never throws: a Redis that is down is reported once (to $report) until it
     * answers again, tried again every RETRY_S seconds (not every beat: each try may wait for its timeout in the
     * event loop), and the server carries on.
     *
     * @param \Closure(string): int $count this process's members of a room
     * @param \Closure(\Throwable): void $report
     */
    public function beat(\Closure $count, \Closure $report): void
    {
        if ($this->failing && microtime(true) < $this->retryAt) {
            return;
        }
        $args = [self::TTL, $this->member, $this->redis->prefix . 'presence:'];
        foreach ($this->rooms as $room => $_) {
            $n = $count((string) $room);
            if ($n > 0) {
                array_push($args, (string) $room, $n);
            } else {
                unset($this->rooms[$room]);
            }
        }
        $p = $this->redis->prefix;
        try {
            $this->redis->command('EVAL', self::WRITE, 2, $p . 'presence', $p . 'presence:' . $this->member, ...$args);
            $this->failing = false;
        } catch (\Throwable $e) {
            $this->retryAt = microtime(true) + self::RETRY_S;
            if (!$this->failing) {
                $this->failing = true;
                $report($e);
            }
        }
    }

    /** Removes this process's counts (a graceful stop). */
    public function clear(): void
    {
        $p = $this->redis->prefix;
        try {
            $this->redis->command('DEL', $p . 'presence:' . $this->member);
            $this->redis->command('SREM', $p . 'presence', $this->member);
        } catch (\Throwable) {
            // the TTL removes them
        }
    }

    /** Members of $room on every node, leaving out node $exceptNode's (the caller counts its own live). */
    public static function count(RedisLink $redis, string $room, ?int $exceptNode = null): int
    {
        $p = $redis->prefix;
        return (int) $redis->command('EVAL', self::READ, 1, $p . 'presence', $p . 'presence:', $room,
            $exceptNode === null ? '' : $exceptNode . '.');
    }
}
