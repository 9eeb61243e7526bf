<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * What websocket.Event listeners get: a text message that is the JSON object {"type": "...", "data": ...}
 * (think-swoole's shape), decoded. `emit($type, $data)` sends the same shape to clients.
 */
final class Event
{
    public function __construct(
        public readonly string $type,
        public readonly mixed $data = null,
    ) {
    }

    /** The Event a text message holds, or null when it is not a JSON object with a string "type". */
    public static function decode(string $message): ?self
    {
        if ($message === '' || $message[0] !== '{') {
            return null;
        }
        try {
            $value = json_decode($message, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            return null;
        }
        if (!is_array($value) || !isset($value['type']) || !is_string($value['type'])) {
            return null;
        }
        return new self($value['type'], $value['data'] ?? null);
    }

    /** The text message for event $type with $data: {"type": $type, "data": $data}. */
    public static function encode(string $type, mixed $data = null): string
    {
        return json_encode(['type' => $type, 'data' => $data], JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }
}
