<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

/** The two HMAC-SHA256 signatures of the Pusher protocol. */
final class Signature
{
    /**
     * The `auth` a client sends to subscribe: "{key}:{hex hmac}" over "{socket_id}:{channel}" (private) or
     * "{socket_id}:{channel}:{channel_data}" (presence, the exact string the client sends).
     */
    public static function channelAuth(App $app, string $socketId, string $channel, ?string $channelData = null): string
    {
        $subject = $socketId . ':' . $channel . ($channelData === null ? '' : ':' . $channelData);
        return $app->key . ':' . hash_hmac('sha256', $subject, $app->secret);
    }

    /** Constant-time check of a client's `auth`; the key part must be this app's (Reverb ignores it). */
    public static function verifyChannelAuth(App $app, string $auth, string $socketId, string $channel, ?string $channelData = null): bool
    {
        return hash_equals(self::channelAuth($app, $socketId, $channel, $channelData), $auth);
    }

    /**
     * The HTTP API's signature as pusher-php-server computes it: every query parameter except auth_signature,
     * sorted by key, joined as k=v with the values as decoded (array values joined with ","), under
     * "METHOD\nPATH\n".
     *
     * @param array<string, string|array<string>> $params
     */
    public static function apiSignature(App $app, string $method, string $path, array $params): string
    {
        unset($params['auth_signature']);
        ksort($params, SORT_STRING);
        $parts = [];
        foreach ($params as $k => $v) {
            $parts[] = $k . '=' . (is_array($v) ? implode(',', $v) : $v);
        }
        return hash_hmac('sha256', strtoupper($method) . "\n" . $path . "\n" . implode('&', $parts), $app->secret);
    }

    /**
     * Parses a query string the way pusher-php-server signs it (values URL-decoded; no PHP bracket syntax,
     * which parse_str would apply). Repeated keys keep the last value.
     *
     * @return array<string, string>
     */
    public static function parseQuery(string $query): array
    {
        $out = [];
        foreach (explode('&', $query) as $pair) {
            if ($pair === '') {
                continue;
            }
            $eq = strpos($pair, '=');
            $k = urldecode($eq === false ? $pair : substr($pair, 0, $eq));
            $out[$k] = $eq === false ? '' : urldecode(substr($pair, $eq + 1));
        }
        return $out;
    }
}
