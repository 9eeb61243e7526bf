<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Store;

use WebSocket\Pusher\App;

/**
 * The state the HTTP API and presence need beyond this process: connection and subscription counts, presence
 * members, cache channels' last events, and commands for other processes (terminate a user's connections).
 * LocalStore keeps it in this process (one process); RedisStore shares it between workers and nodes.
 */
interface Store
{
    /** This process's figures changed: $delta connections of the app (+1/-1). */
    public function connectionsChanged(App $app, int $delta): void;

    /** Connections of the app in the whole cluster. */
    public function connectionCount(App $app): int;

    /** This process's subscriptions to a channel changed by $delta. */
    public function subscriptionsChanged(App $app, string $channel, int $delta): void;

    /**
     * Occupied channels of the app in the whole cluster, with their subscription counts.
     *
     * @return array<string, int>
     */
    public function channels(App $app): array;

    /**
     * A connection joins a presence channel. Returns whether it is the user's first connection to it anywhere
     * (then member_added goes to the others) and every member after the join.
     *
     * @return array{first: bool, members: array<string, mixed>} members: user id => user_info
     */
    public function presenceJoin(App $app, string $channel, string $socketId, string $userId, string $userInfoJson): array;

    /** A connection leaves a presence channel; returns the user id if that was the user's last connection to it. */
    public function presenceLeave(App $app, string $channel, string $socketId): ?string;

    /** @return array<string, mixed> user id => user_info, for the whole cluster */
    public function presenceMembers(App $app, string $channel): array;

    public function cachePut(App $app, string $channel, string $frame, int $ttlSeconds): void;

    public function cacheGet(App $app, string $channel): ?string;

    /** Asks every other process of the cluster to close a user's connections (they see it in their tick()). */
    public function terminateUser(App $app, string $userId): void;

    /**
     * Periodic work (heartbeat, removing the members of dead processes, reading commands). Returns what this
     * process must act on: ['removed' => list of [appId, channel, userId] whose last member went away,
     * 'terminate' => list of [appId, userId], 'added' => list of [appId, channel, userId, user_info JSON] members
     * filed again after this process had been taken for dead].
     *
     * @return array{removed: list<array{string, string, string}>, terminate: list<array{string, string}>, added: list<array{string, string, string, string}>}
     */
    public function tick(): array;

    /** Writes what was batched (counts); the server calls it from a zero-delay timer after changes. */
    public function flush(): void;

    /** Whether flush() has something to write. */
    public function isDirty(): bool;

    /** How often tick() should run, in milliseconds. */
    public function tickInterval(): int;

    /**
     * A graceful stop begins: let the other processes take over this one's presence members now (they remove them
     * and announce member_removed from their own live links, which a stopping process cannot be sure to do).
     */
    public function abandon(): void;

    /** This process stops: its own entries go (those still filed are left for the others to reap). */
    public function shutdown(): void;
}
