<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * A message on its way: `to(...$rooms)`, `toClient(...$ids)`, `except(...$ids)`, then `emit()` or `push()`.
 * Each call returns a new Emitter, so nothing leaks from one push into the next.
 */
final class Emitter
{
    /** @var array<string, true> topics */
    private array $topics = [];
    /** @var array<string, true> client ids */
    private array $except = [];

    public function __construct(private readonly Websocket $websocket, private readonly bool $broadcast = false)
    {
    }

    public function to(string ...$rooms): self
    {
        $next = clone $this;
        foreach ($rooms as $room) {
            $next->topics[Rooms::roomTopic($room)] = true;
        }
        return $next;
    }

    public function toClient(string ...$clientIds): self
    {
        $next = clone $this;
        foreach ($clientIds as $id) {
            $next->topics[Rooms::clientTopic($id)] = true;
        }
        return $next;
    }

    /** Leaves these clients out. */
    public function except(string ...$clientIds): self
    {
        $next = clone $this;
        foreach ($clientIds as $id) {
            Rooms::clientTopic($id);
            $next->except[$id] = true;
        }
        return $next;
    }

    /**
     * Sends {"type": $event, "data": $data}. Returns, inside the server, how many connections of this process
     * accepted it (the other workers and nodes get it too); elsewhere, how many server processes Redis handed it
     * to. A client in several of the rooms gets it once per room.
     */
    public function emit(string $event, mixed $data = null): int
    {
        return $this->send(Event::encode($event, $data), false);
    }

    /** Sends $data: a string as is (binary if asked), anything else as JSON. Returns as emit() does. */
    public function push(mixed $data, bool $binary = false): int
    {
        return $this->send(Websocket::payload($data), $binary && is_string($data));
    }

    private function send(string $payload, bool $binary): int
    {
        $except = array_map('strval', array_keys($this->except));
        if ($this->topics === []) {
            if (!$this->broadcast) {
                throw new \LogicException('Nobody to send to: name rooms with to(), clients with toClient(), or everyone with broadcast()');
            }
            return $this->websocket->deliverToAll($payload, $binary, $except);
        }
        return $this->websocket->deliver(array_map('strval', array_keys($this->topics)), $payload, $binary, $except);
    }
}
