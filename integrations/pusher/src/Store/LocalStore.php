<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Store;

use WebSocket\Pusher\App;

/** The state in this process's memory: right for one process (no workers, one node). */
final class LocalStore implements Store
{
    /** @var array<string, int> */
    private array $connections = [];
    /** @var array<string, array<string, int>> */
    private array $subs = [];
    /** @var array<string, array<string, array<string, string>>> app => channel => socket => user id */
    private array $presenceSockets = [];
    /** @var array<string, array<string, array<string, array{int, mixed}>>> app => channel => user => [count, info] */
    private array $presenceUsers = [];
    /** @var array<string, array{string, float}> */
    private array $cache = [];

    public function connectionsChanged(App $app, int $delta): void
    {
        $this->connections[$app->id] = ($this->connections[$app->id] ?? 0) + $delta;
    }

    public function connectionCount(App $app): int
    {
        return $this->connections[$app->id] ?? 0;
    }

    public function subscriptionsChanged(App $app, string $channel, int $delta): void
    {
        $n = ($this->subs[$app->id][$channel] ?? 0) + $delta;
        if ($n > 0) {
            $this->subs[$app->id][$channel] = $n;
        } else {
            unset($this->subs[$app->id][$channel]);
        }
    }

    public function channels(App $app): array
    {
        return $this->subs[$app->id] ?? [];
    }

    public function presenceJoin(App $app, string $channel, string $socketId, string $userId, string $userInfoJson): array
    {
        $first = false;
        if (!isset($this->presenceSockets[$app->id][$channel][$socketId])) {
            $this->presenceSockets[$app->id][$channel][$socketId] = $userId;
            if (!isset($this->presenceUsers[$app->id][$channel][$userId])) {
                $this->presenceUsers[$app->id][$channel][$userId] = [0, json_decode($userInfoJson)];
                $first = true;
            }
            $this->presenceUsers[$app->id][$channel][$userId][0]++;
        }
        return ['first' => $first, 'members' => $this->presenceMembers($app, $channel)];
    }

    public function presenceLeave(App $app, string $channel, string $socketId): ?string
    {
        $userId = $this->presenceSockets[$app->id][$channel][$socketId] ?? null;
        if ($userId === null) {
            return null;
        }
        unset($this->presenceSockets[$app->id][$channel][$socketId]);
        if (--$this->presenceUsers[$app->id][$channel][$userId][0] > 0) {
            return null;
        }
        unset($this->presenceUsers[$app->id][$channel][$userId]);
        if ($this->presenceUsers[$app->id][$channel] === []) {
            unset($this->presenceUsers[$app->id][$channel], $this->presenceSockets[$app->id][$channel]);
        }
        return $userId;
    }

    public function presenceMembers(App $app, string $channel): array
    {
        $out = [];
        foreach ($this->presenceUsers[$app->id][$channel] ?? [] as $uid => [, $info]) {
            $out[(string) $uid] = $info;
        }
        return $out;
    }

    public function cachePut(App $app, string $channel, string $frame, int $ttlSeconds): void
    {
        $this->cache[$app->id . ':' . $channel] = [$frame, microtime(true) + $ttlSeconds];
    }

    public function cacheGet(App $app, string $channel): ?string
    {
        $e = $this->cache[$app->id . ':' . $channel] ?? null;
        if ($e === null) {
            return null;
        }
        if ($e[1] < microtime(true)) {
            unset($this->cache[$app->id . ':' . $channel]);
            return null;
        }
        return $e[0];
    }

    public function terminateUser(App $app, string $userId): void
    {
        // one process: the server has closed its own connections of that user already
    }

    public function tick(): array
    {
        $now = microtime(true);
        foreach ($this->cache as $k => [, $exp]) {
            if ($exp < $now) {
                unset($this->cache[$k]);
            }
        }
        return ['removed' => [], 'terminate' => [], 'added' => []];
    }

    public function flush(): void
    {
    }

    public function isDirty(): bool
    {
        return false;
    }

    public function tickInterval(): int
    {
        return 1000;
    }

    public function abandon(): void
    {
    }

    public function shutdown(): void
    {
    }
}
