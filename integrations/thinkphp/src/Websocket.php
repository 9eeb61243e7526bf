<?php

declare(strict_types=1);

namespace WebSocket\Think;

use think\App;
use WebSocket\Connection;

/**
 * The Websocket service (think-swoole's shape). Inside `php think websocket` (listeners, the handler) it acts
 * for the sender, the connection whose event is being handled: getSender(), join(), leave(), emit() and push()
 * to it, close(). Everywhere, to(...$rooms)->emit() reaches every member of those rooms: in the server through
 * the extension's topics (every worker, and every node when the `redis` option is set); anywhere else
 * (PHP-FPM, a queue job, a command) through Redis, config('websocket.redis').
 *
 * Client ids are "{node}.{connection}" strings: unique across workers and nodes.
 */
class Websocket
{
    private ?Rooms $rooms = null;
    private ?Connection $sender = null;
    private ?RedisLink $redis = null;

    public function __construct(protected App $app)
    {
    }

    /** @internal set by `php think websocket` in each process that serves connections */
    public function attach(Rooms $rooms): void
    {
        $this->rooms = $rooms;
    }

    /** @internal the connection whose event is being handled, or null between events */
    public function setSender(?Connection $connection): static
    {
        $this->sender = $connection;
        return $this;
    }

    /** True inside `php think websocket` (a worker or the single process). */
    public function isServer(): bool
    {
        return $this->rooms !== null;
    }

    /** The sender's client id, "{node}.{connection}", or null outside an event. */
    public function getSender(): ?string
    {
        return $this->sender === null || $this->rooms === null ? null : $this->rooms->clientId($this->sender);
    }

    /** The sender's WebSocket\Connection (its headers, its `$data` for the application's own state). */
    public function getConnection(): ?Connection
    {
        return $this->sender;
    }

    /** This node's id, the first part of its client ids; null outside the server. */
    public function getNodeId(): ?int
    {
        return $this->rooms?->nodeId();
    }

    /** The sender joins these rooms. */
    public function join(string ...$rooms): static
    {
        [$r, $c] = $this->requireSender('join');
        foreach ($rooms as $room) {
            $r->join($c, $room);
        }
        return $this;
    }

    /** The sender leaves these rooms; without any, every room it is in. */
    public function leave(string ...$rooms): static
    {
        [$r, $c] = $this->requireSender('leave');
        foreach ($rooms === [] ? $r->of($c) : $rooms as $room) {
            $r->leave($c, $room);
        }
        return $this;
    }

    /** @return list<string> the rooms the sender is in */
    public function getRooms(): array
    {
        [$r, $c] = $this->requireSender('getRooms');
        return $r->of($c);
    }

    /**
     * How many clients are in the room. With `redis` (and `presence`, on by default): on every node, this node's
     * counted now and the others' as they were at most 2 s ago (a node that died stops counting within 6 s);
     * without Redis, inside the server, this node's.
     */
    public function count(string $room): int
    {
        if ($this->rooms !== null) {
            return $this->rooms->count($room);
        }
        return Presence::count($this->redis(), $room);
    }

    /** To every member of these rooms (the sender too, if it is one). */
    public function to(string ...$rooms): Emitter
    {
        return (new Emitter($this))->to(...$rooms);
    }

    /** To these clients, by client id ("{node}.{connection}"), wherever they are connected. */
    public function toClient(string ...$clientIds): Emitter
    {
        return (new Emitter($this))->toClient(...$clientIds);
    }

    /**
     * To everyone but the sender (every worker, every node; outside the server: everyone), or with ->to(...$rooms)
     * the members of those rooms but the sender.
     */
    public function broadcast(): Emitter
    {
        $emitter = new Emitter($this, broadcast: true);
        $sender = $this->getSender();
        return $sender === null ? $emitter : $emitter->except($sender);
    }

    /** Sends {"type": $event, "data": $data} to the sender. */
    public function emit(string $event, mixed $data = null): bool
    {
        return $this->requireSender('emit')[1]->send(Event::encode($event, $data));
    }

    /** Sends $data to the sender: a string as is (binary if asked), anything else as JSON. */
    public function push(mixed $data, bool $binary = false): bool
    {
        return $this->requireSender('push')[1]->send(self::payload($data), $binary && is_string($data));
    }

    /** Closes the sender's connection (code 1000, or 3000-4999 for the application's own). */
    public function close(int $code = 1000, string $reason = ''): bool
    {
        $c = $this->requireSender('close')[1];
        $open = $c->isOpen();
        $c->close($code, $reason);
        return $open;
    }

    /**
     * @internal Emitter's way out: the topics, through the server or through Redis.
     * @param list<string> $topics
     * @param list<string> $except
     */
    public function deliver(array $topics, string $payload, bool $binary, array $except): int
    {
        if ($this->rooms !== null) {
            return $this->rooms->publish($topics, $payload, $binary, $except);
        }
        return (new RedisPublisher($this->redis()))->publish($topics, $payload, $binary, $except);
    }

    /**
     * @internal everyone (but $except): the server's broadcast(), or from elsewhere the bare prefix channel
     * @param list<string> $except
     */
    public function deliverToAll(string $payload, bool $binary, array $except): int
    {
        if ($this->rooms !== null) {
            return $this->rooms->publishAll($payload, $binary, $except);
        }
        return (new RedisPublisher($this->redis()))->publish([''], $payload, $binary, $except);
    }

    /** @internal */
    public static function payload(mixed $data): string
    {
        if (is_string($data)) {
            return $data;
        }
        return json_encode($data, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }

    private function redis(): RedisLink
    {
        if ($this->redis === null) {
            $config = $this->app->config->get('websocket.redis');
            if (!is_array($config) || (!isset($config['host']) && !isset($config['socket']))) {
                throw new \LogicException('Outside `php think websocket`, pushing and counting go through Redis: set websocket.redis in config/websocket.php');
            }
            /** @var array{host?: string, port?: int, socket?: string, password?: ?string, database?: int, prefix?: string, timeout?: float} $config */
            $this->redis = new RedisLink($config);
        }
        return $this->redis;
    }

    /** @return array{Rooms, Connection} */
    private function requireSender(string $what): array
    {
        if ($this->sender === null || $this->rooms === null) {
            throw new \LogicException("Websocket::$what() acts for the sender: call it while the server handles one of its events");
        }
        return [$this->rooms, $this->sender];
    }
}
