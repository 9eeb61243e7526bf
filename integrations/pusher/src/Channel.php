<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

/** Channel names: their type (by Pusher's dashed prefixes) and validity. */
final class Channel
{
    public const PUBLIC = 0;
    public const PRIVATE = 1;
    public const PRESENCE = 2;

    /** Pusher's limit and alphabet for channel names. */
    public static function isValidName(string $name): bool
    {
        $n = strlen($name);
        if ($n === 0 || $n > 164) {
            return false;
        }
        // [A-Za-z0-9_\-=@,.;] without preg (see the note on PCRE JIT in the test servers)
        return strspn($name, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=@,.;') === $n;
    }

    /**
     * Private or presence by Pusher's rule (`private-`, `presence-`; encrypted channels are `private-encrypted-`,
     * private to the server since it never reads the payload). Reverb also counts `privateX` as private; we do not.
     */
    public static function type(string $name): int
    {
        if (str_starts_with($name, 'private-')) {
            return self::PRIVATE;
        }
        if (str_starts_with($name, 'presence-')) {
            return self::PRESENCE;
        }
        return self::PUBLIC;
    }

    /** `cache-`, `private-cache-`, `private-encrypted-cache-`, `presence-cache-`: the last event is replayed. */
    public static function isCache(string $name): bool
    {
        return str_starts_with($name, 'cache-') || str_starts_with($name, 'private-cache-')
            || str_starts_with($name, 'private-encrypted-cache-') || str_starts_with($name, 'presence-cache-');
    }
}
