<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * Publishes to the servers' topics from any PHP process (PHP-FPM, a queue job, a command) through Redis, in the
 * extension's wire format: channel `{prefix}{topic}`; the payload as is when it is text that does not start with
 * NUL, otherwise the envelope "\0" . http_build_query($meta) . "\n" . $payload with `binary=1` and/or
 * `except=<client ids, comma-separated>`. Every server with the same `redis` option (every node, every worker)
 * delivers it to its subscribers.
 */
final class RedisPublisher
{
    public function __construct(private readonly RedisLink $redis)
    {
    }

    /**
     * The bytes the servers expect on the channel for this message.
     *
     * @param list<string> $except client ids
     */
    public static function encode(string $payload, bool $binary = false, array $except = []): string
    {
        if (!$binary && $except === [] && ($payload === '' || $payload[0] !== "\0")) {
            return $payload;
        }
        // Client ids are digits and a dot, and "binary=1" is plain: nothing to escape.
        $meta = [];
        if ($binary) {
            $meta[] = 'binary=1';
        }
        if ($except !== []) {
            foreach ($except as $id) {
                Rooms::clientTopic($id);   // a client id, or ValueError
            }
            $meta[] = 'except=' . implode(',', $except);
        }
        return "\0" . implode('&', $meta) . "\n" . $payload;
    }

    /**
     * PUBLISH to each topic ('' is the bare prefix channel: every connection of every server). Returns how many
     * Redis subscribers (server processes) received it, added up.
     *
     * @param list<string> $topics
     * @param list<string> $except client ids
     */
    public function publish(array $topics, string $payload, bool $binary = false, array $except = []): int
    {
        // The servers would drop it: a text message must be UTF-8 (RFC 6455), as Connection::send() requires.
        if (!$binary && !(function_exists('mb_check_encoding') ? mb_check_encoding($payload, 'UTF-8') : preg_match('//u', $payload) === 1)) {
            throw new \ValueError('A text message must be valid UTF-8 (push binary data with $binary = true)');
        }
        $message = self::encode($payload, $binary, $except);
        $n = 0;
        foreach ($topics as $topic) {
            $n += (int) $this->redis->command('PUBLISH', $this->redis->prefix . $topic, $message);
        }
        return $n;
    }
}
