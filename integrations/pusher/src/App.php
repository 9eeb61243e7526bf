<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

/**
 * One Pusher application: its id (the HTTP API's /apps/{id}), key (the client's /app/{key}) and secret (both
 * signatures), and its limits. Several apps share one server.
 */
final class App
{
    /**
     * @param list<string> $allowedOrigins host patterns (`*` as a wildcard, `['*']` allows any Origin)
     * @param string $acceptClientEventsFrom 'members' (the sender must be subscribed), 'all', or 'none'
     */
    public function __construct(
        public readonly string $id,
        public readonly string $key,
        public readonly string $secret,
        public readonly array $allowedOrigins = ['*'],
        public readonly int $activityTimeout = 30,
        public readonly ?int $maxConnections = null,
        public readonly string $acceptClientEventsFrom = 'members',
        public readonly int $maxEventSize = 10240,
        public readonly int $clientEventRate = 10,
    ) {
        if ($id === '' || $key === '' || $secret === '') {
            throw new \ValueError('A Pusher app needs a non-empty id, key and secret');
        }
        if (str_contains($id, "\n") || str_contains($key, '/') || str_contains($id, '/')) {
            throw new \ValueError('A Pusher app id or key may not contain "/" or a newline');
        }
        if ($activityTimeout < 1) {
            throw new \ValueError('activity_timeout must be at least 1 (pusher-js refuses 0)');
        }
        if ($clientEventRate < 0) {
            throw new \ValueError('client_event_rate must be 0 (no limit) or more');
        }
        if (!in_array($acceptClientEventsFrom, ['members', 'all', 'none'], true)) {
            throw new \ValueError("accept_client_events_from must be 'members', 'all' or 'none'");
        }
    }

    /**
     * From a Reverb-style array: id|app_id, key, secret, allowed_origins, activity_timeout, max_connections,
     * accept_client_events_from, max_event_size, client_event_rate (client events per second per connection,
     * Pusher's 10 by default; 0: no limit).
     *
     * @param array<string, mixed> $a
     */
    public static function fromArray(array $a): self
    {
        $id = $a['id'] ?? $a['app_id'] ?? null;
        foreach (['key' => $a['key'] ?? null, 'secret' => $a['secret'] ?? null, 'id' => $id] as $name => $v) {
            if (!is_string($v) && !is_int($v)) {
                throw new \ValueError("A Pusher app needs '$name' (a string)");
            }
        }
        $client = $a['accept_client_events_from'] ?? 'members';
        return new self(
            (string) $id,
            (string) $a['key'],
            (string) $a['secret'],
            array_values(array_map('strval', (array) ($a['allowed_origins'] ?? ['*']))),
            (int) ($a['activity_timeout'] ?? 30),
            isset($a['max_connections']) ? (int) $a['max_connections'] : null,
            in_array($client, ['members', 'all'], true) ? $client : 'none',
            (int) ($a['max_event_size'] ?? 10240),
            (int) ($a['client_event_rate'] ?? 10),
        );
    }

    /** Whether a browser Origin header is allowed (compared by host, like Reverb; no Origin: allowed). */
    public function allowsOrigin(?string $origin): bool
    {
        if (in_array('*', $this->allowedOrigins, true) || $origin === null) {
            return true;
        }
        $host = parse_url($origin, PHP_URL_HOST);
        if (!is_string($host) || $host === '') {
            return false;
        }
        foreach ($this->allowedOrigins as $pattern) {
            if (fnmatch(strtolower($pattern), strtolower($host), FNM_NOESCAPE)) {
                return true;
            }
        }
        return false;
    }
}
