<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Redis;

/** An error reply inside a pipeline. */
final class RedisError
{
    public function __construct(public readonly string $message)
    {
    }
}
