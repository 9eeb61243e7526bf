<?php

declare(strict_types=1);

namespace WebSocket\Think;

/** What websocket.Message listeners get: one complete message from the client `$sender`. */
final class Frame
{
    public function __construct(
        public readonly string $sender,
        public readonly string $data,
        public readonly bool $binary,
    ) {
    }
}
