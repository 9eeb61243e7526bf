<?php

declare(strict_types=1);

namespace WebSocket\Think;

/** What websocket.Close listeners get: the client `$sender` is gone, with this close code and reason. */
final class Close
{
    public function __construct(
        public readonly string $sender,
        public readonly int $code,
        public readonly string $reason,
    ) {
    }
}
