<?php

declare(strict_types=1);

namespace WebSocket\Think;

use WebSocket\Connection;
use WebSocket\Server;

/**
 * Rooms are the extension's topics, and this class is the one place that names them: a room `chat` is the topic
 * `room:chat`, a client `{node}.{id}` has its own topic `client:{node}.{id}` (so a push to one client reaches it on
 * whichever worker or node holds it). Membership lives in the extension (per worker in C, across workers by its
 * IPC, across nodes by Redis): nothing is kept here, nothing in Redis, so no node can wipe another's rooms and a
 * node that dies takes its members with it.
 *
 * With the `redis` option a topic `T` is the Redis channel `{prefix}T` (prefix `ws:` by default): `room:chat` is
 * `ws:room:chat`, which is what RedisPublisher publishes to from PHP-FPM.
 */
final class Rooms
{
    public const ROOM = 'room:';
    public const CLIENT = 'client:';

    private ?Presence $presence = null;
    private ?RedisLink $redis = null;

    public function __construct(private readonly Server $server)
    {
    }

    /** Counts across nodes through Redis (Presence), for this process. */
    public function usePresence(Presence $presence, RedisLink $redis): void
    {
        $this->presence = $presence;
        $this->redis = $redis;
    }

    public function presence(): ?Presence
    {
        return $this->presence;
    }

    /** A topic is at most 1024 bytes: a room name at most 1019. */
    public const MAX_ROOM = 1019;

    public static function roomTopic(string $room): string
    {
        if ($room === '' || strlen($room) > self::MAX_ROOM) {
            throw new \ValueError(sprintf('A room name must be 1 to %d bytes, %d given', self::MAX_ROOM, strlen($room)));
        }
        return self::ROOM . $room;
    }

    public static function clientTopic(string $clientId): string
    {
        if (!self::isClientId($clientId)) {
            throw new \ValueError(sprintf('"%s" is not a client id ("{node}.{connection}", both numbers)', $clientId));
        }
        return self::CLIENT . $clientId;
    }

    /** "{node}.{connection}": two runs of digits around one dot. */
    public static function isClientId(string $id): bool
    {
        $dot = strpos($id, '.');
        return $dot !== false && $dot > 0 && $dot < strlen($id) - 1
            && ctype_digit(substr($id, 0, $dot)) && ctype_digit(substr($id, $dot + 1));
    }

    public function nodeId(): int
    {
        return $this->server->getNodeId();
    }

    public function clientId(Connection $c): string
    {
        return $c->getClusterId();
    }

    /** Called once a connection is open: it gets its own topic, for pushes to it by client id. */
    public function opened(Connection $c): void
    {
        $c->subscribe(self::CLIENT . $this->clientId($c));
    }

    /** True if the connection was not in the room yet. */
    public function join(Connection $c, string $room): bool
    {
        $new = $c->subscribe(self::roomTopic($room));
        $this->presence?->joined($room);
        return $new;
    }

    /** True if the connection was in the room. */
    public function leave(Connection $c, string $room): bool
    {
        return $c->unsubscribe(self::roomTopic($room));
    }

    public function has(Connection $c, string $room): bool
    {
        return $c->isSubscribed(self::roomTopic($room));
    }

    /** @return list<string> the rooms the connection is in, in the order it joined them */
    public function of(Connection $c): array
    {
        $rooms = [];
        foreach (array_reverse($c->getTopics()) as $topic) {   // getTopics(): most recent first
            if (str_starts_with($topic, self::ROOM)) {
                $rooms[] = substr($topic, strlen(self::ROOM));
            }
        }
        return $rooms;
    }

    /**
     * Members of a room: this node's (every worker) counted now, plus, with Presence, the other nodes' as they
     * reported them at most Presence::INTERVAL_MS ago.
     */
    public function count(string $room): int
    {
        $n = $this->server->getSubscriberCount(self::roomTopic($room), true);
        if ($this->redis !== null) {
            $n += Presence::count($this->redis, $room, $this->server->getNodeId());
        }
        return $n;
    }

    /** Members of a room in this process. */
    public function localCount(string $room): int
    {
        return $this->server->getSubscriberCount(self::roomTopic($room), false);
    }

    /**
     * Sends $payload to every member of every topic in $topics (reached on every worker and, with Redis, every
     * node), except the client ids in $except. Returns how many connections of this process accepted it.
     *
     * @param list<string> $topics
     * @param list<string> $except client ids
     */
    public function publish(array $topics, string $payload, bool $binary, array $except): int
    {
        $n = 0;
        foreach ($topics as $topic) {
            $n += $this->server->publish($topic, $payload, $binary, $except === [] ? null : $except);
        }
        return $n;
    }

    /**
     * Sends $payload to every client (every worker; with Redis every node), except the client ids in $except.
     *
     * @param list<string> $except
     */
    public function publishAll(string $payload, bool $binary, array $except): int
    {
        return $this->server->broadcast($payload, $binary, $except === [] ? null : $except);
    }
}
