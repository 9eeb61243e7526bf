<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

/** What the Pusher server keeps per connection (in Connection::$data). */
final class ConnectionState
{
    /** @var array<string, ?string> channel => presence user id (null for other channels) */
    public array $channels = [];
    /** The user id this connection joined presence channels as (for terminate_connections). */
    public ?string $userId = null;
    /** Client events: tokens left in the current second's bucket, and when it was refilled. */
    public float $clientTokens = -1.0;
    public float $clientRefill = 0.0;

    public function __construct(public readonly App $app, public readonly string $socketId)
    {
    }
}
