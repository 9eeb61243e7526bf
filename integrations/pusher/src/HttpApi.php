<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

use WebSocket\Pusher\Redis\RedisException;

/**
 * The HTTP API pusher-php-server calls (so Laravel's `pusher` and `reverb` broadcast drivers): every request
 * signed with the app's secret, body_md5 checked, auth_timestamp within max_timestamp_skew (Reverb skips that
 * check; we keep Pusher's 600 s so a captured request cannot be replayed later). Answers never wait on delivery.
 */
final class HttpApi
{
    private const MAX_CHANNELS = 100;
    private const MAX_BATCH = 10;

    public function __construct(private readonly PusherServer $pusher, private readonly int $maxSkew)
    {
    }

    /**
     * @param string $path the path without the server's prefix
     * @param string $fullPath the path as requested (pusher-php-server may sign either)
     * @return array{int, string} status and JSON body
     */
    public function handle(string $method, string $path, string $query, string $body, string $fullPath): array
    {
        if ($path === '/up') {
            return [200, '{"health":"OK"}'];
        }
        $parts = explode('/', substr($path, strlen('/apps/')));
        $app = $this->pusher->appById(rawurldecode($parts[0]));
        if ($app === null) {
            return self::error(404, 'No matching application for ID [' . $parts[0] . '].');
        }
        $params = Signature::parseQuery($query);
        $denied = $this->authenticate($app, $method, $path, $fullPath, $params, $body);
        if ($denied !== null) {
            return self::error(401, $denied);
        }
        $route = array_slice($parts, 1);
        try {
            return match (true) {
                $route === ['events'] => $method === 'POST' ? $this->events($app, $body) : self::error(405, 'Method not allowed.'),
                $route === ['batch_events'] => $method === 'POST' ? $this->batch($app, $body) : self::error(405, 'Method not allowed.'),
                $route === ['channels'] => $method === 'GET' ? $this->channels($app, $params) : self::error(405, 'Method not allowed.'),
                count($route) === 2 && $route[0] === 'channels' => $method === 'GET' ? $this->channel($app, rawurldecode($route[1]), $params) : self::error(405, 'Method not allowed.'),
                count($route) === 3 && $route[0] === 'channels' && $route[2] === 'users' => $method === 'GET' ? $this->users($app, rawurldecode($route[1])) : self::error(405, 'Method not allowed.'),
                $route === ['connections'] => $method === 'GET' ? [200, json_encode(['connections' => $this->pusher->store()->connectionCount($app)])] : self::error(405, 'Method not allowed.'),
                count($route) === 3 && $route[0] === 'users' && $route[2] === 'terminate_connections' => $method === 'POST' ? $this->terminate($app, rawurldecode($route[1])) : self::error(405, 'Method not allowed.'),
                default => self::error(404, 'Not found.'),
            };
        } catch (RedisException $e) {
            return self::error(503, 'The shared state is unreachable: ' . $e->getMessage());
        }
    }

    /** @param array<string, string> $params */
    private function authenticate(App $app, string $method, string $path, string $fullPath, array $params, string $body): ?string
    {
        foreach (['auth_key', 'auth_timestamp', 'auth_version', 'auth_signature'] as $k) {
            if (!isset($params[$k])) {
                return "Missing $k.";
            }
        }
        if ($params['auth_key'] !== $app->key) {
            return 'Authentication signature invalid.';
        }
        if ($body !== '' || isset($params['body_md5'])) {
            if (!isset($params['body_md5']) || !hash_equals(md5($body), $params['body_md5'])) {
                return 'body_md5 does not match the body.';
            }
        }
        $sig = $params['auth_signature'];
        $ok = hash_equals(Signature::apiSignature($app, $method, $path, $params), $sig)
            || ($fullPath !== $path && hash_equals(Signature::apiSignature($app, $method, $fullPath, $params), $sig));
        if (!$ok) {
            return 'Authentication signature invalid.';
        }
        if ($this->maxSkew > 0) {
            $ts = $params['auth_timestamp'];
            if (!self::isDigits($ts) || abs(time() - (int) $ts) > $this->maxSkew) {
                return 'Timestamp expired: auth_timestamp is more than ' . $this->maxSkew . ' seconds from the server time.';
            }
        }
        return null;
    }

    /** @return array{int, string} */
    private function events(App $app, string $body): array
    {
        $e = json_decode($body, true, 16);
        if (!is_array($e)) {
            return self::error(400, 'The body is not a JSON object.');
        }
        $checked = $this->checkEvent($app, $e, true);
        if (isset($checked['error'])) {
            return self::error($checked['status'], $checked['error']);
        }
        [$channels, $name, $data, $socketId, $info] = $checked;
        $this->pusher->trigger($app, $channels, $name, $data, $socketId);
        if ($info === []) {
            return [200, '{}'];
        }
        return [200, json_encode(['channels' => (object) $this->info($app, $channels, $info)])];
    }

    /** @return array{int, string} */
    private function batch(App $app, string $body): array
    {
        $b = json_decode($body, true, 16);
        if (!is_array($b) || !isset($b['batch']) || !is_array($b['batch']) || !array_is_list($b['batch'])) {
            return self::error(400, 'The body needs a "batch" list.');
        }
        if (count($b['batch']) > self::MAX_BATCH) {
            return self::error(413, 'A batch holds at most ' . self::MAX_BATCH . ' events.');
        }
        $checked = [];
        foreach ($b['batch'] as $i => $e) {
            $c = is_array($e) ? $this->checkEvent($app, $e, false) : ['status' => 400, 'error' => 'not an object'];
            if (isset($c['error'])) {
                return self::error($c['status'], "batch[$i]: " . $c['error']);
            }
            $checked[] = $c;
        }
        $infos = [];
        $anyInfo = false;
        foreach ($checked as [$channels, $name, $data, $socketId, $info]) {
            $this->pusher->trigger($app, $channels, $name, $data, $socketId);
            $anyInfo = $anyInfo || $info !== [];
            $infos[] = (object) ($info === [] ? [] : ($this->info($app, $channels, $info)[$channels[0]] ?? []));
        }
        return [200, $anyInfo ? json_encode(['batch' => $infos]) : '{"batch":{}}'];
    }

    /**
     * @param array<string, mixed> $e
     * @return array{status: int, error: string}|array{list<string>, string, string, ?string, list<string>}
     */
    private function checkEvent(App $app, array $e, bool $manyChannels): array
    {
        $name = $e['name'] ?? null;
        if (!is_string($name) || $name === '' || strlen($name) > 200) {
            return ['status' => 400, 'error' => 'name must be a string of 1 to 200 bytes.'];
        }
        $data = $e['data'] ?? null;
        if (!is_string($data)) {
            if ($data === null) {
                return ['status' => 400, 'error' => 'data is required.'];
            }
            $data = (string) json_encode($data);
        }
        if (strlen($data) > $app->maxEventSize) {
            return ['status' => 413, 'error' => 'data is over ' . $app->maxEventSize . ' bytes.'];
        }
        $channels = isset($e['channels']) && $manyChannels ? $e['channels'] : (isset($e['channel']) ? [$e['channel']] : null);
        if (!is_array($channels) || $channels === [] || !array_is_list($channels)) {
            return ['status' => 400, 'error' => 'channel or channels is required.'];
        }
        if (count($channels) > self::MAX_CHANNELS) {
            return ['status' => 400, 'error' => 'At most ' . self::MAX_CHANNELS . ' channels per event.'];
        }
        foreach ($channels as $ch) {
            if (!is_string($ch) || !Channel::isValidName($ch)) {
                return ['status' => 400, 'error' => 'Invalid channel name.'];
            }
        }
        $socketId = $e['socket_id'] ?? null;
        if ($socketId !== null && !self::isSocketId($socketId)) {
            return ['status' => 400, 'error' => 'Invalid socket_id.'];
        }
        $info = isset($e['info']) && is_string($e['info']) && $e['info'] !== '' ? explode(',', $e['info']) : [];
        return [$channels, $name, $data, $socketId, $info];
    }

    /**
     * @param list<string> $channels
     * @param list<string> $info
     * @return array<string, array<string, int>>
     */
    private function info(App $app, array $channels, array $info): array
    {
        $counts = $this->pusher->store()->channels($app);
        $out = [];
        foreach ($channels as $ch) {
            $out[$ch] = $this->channelInfo($app, $ch, $info, $counts);
        }
        return $out;
    }

    /**
     * @param list<string> $info
     * @param array<string, int> $counts
     * @return array<string, int>
     */
    private function channelInfo(App $app, string $channel, array $info, array $counts): array
    {
        $i = [];
        if (in_array('subscription_count', $info, true)) {
            $i['subscription_count'] = $counts[$channel] ?? 0;
        }
        if (in_array('user_count', $info, true) && Channel::type($channel) === Channel::PRESENCE) {
            $i['user_count'] = count($this->pusher->store()->presenceMembers($app, $channel));
        }
        return $i;
    }

    /**
     * @param array<string, string> $params
     * @return array{int, string}
     */
    private function channels(App $app, array $params): array
    {
        $prefix = $params['filter_by_prefix'] ?? '';
        $info = isset($params['info']) && $params['info'] !== '' ? explode(',', $params['info']) : [];
        if (in_array('user_count', $info, true) && !str_starts_with($prefix, 'presence-')) {
            return self::error(400, 'user_count needs filter_by_prefix=presence-.');
        }
        $counts = $this->pusher->store()->channels($app);
        $out = [];
        foreach ($counts as $ch => $n) {
            if ($n > 0 && str_starts_with((string) $ch, $prefix)) {
                $out[(string) $ch] = (object) $this->channelInfo($app, (string) $ch, $info, $counts);
            }
        }
        ksort($out, SORT_STRING);
        return [200, json_encode(['channels' => (object) $out])];
    }

    /**
     * @param array<string, string> $params
     * @return array{int, string}
     */
    private function channel(App $app, string $channel, array $params): array
    {
        if (!Channel::isValidName($channel)) {
            return self::error(400, 'Invalid channel name.');
        }
        $info = isset($params['info']) && $params['info'] !== '' ? explode(',', $params['info']) : [];
        if (in_array('user_count', $info, true) && Channel::type($channel) !== Channel::PRESENCE) {
            return self::error(400, 'user_count is only for presence channels.');
        }
        $counts = $this->pusher->store()->channels($app);
        $out = ['occupied' => ($counts[$channel] ?? 0) > 0] + $this->channelInfo($app, $channel, $info, $counts);
        return [200, json_encode($out)];
    }

    /** @return array{int, string} */
    private function users(App $app, string $channel): array
    {
        if (!Channel::isValidName($channel) || Channel::type($channel) !== Channel::PRESENCE) {
            return self::error(400, 'Users are only listed for presence channels.');
        }
        $users = [];
        foreach ($this->pusher->store()->presenceMembers($app, $channel) as $id => $_) {
            $users[] = ['id' => (string) $id];
        }
        return [200, json_encode(['users' => $users])];
    }

    /** @return array{int, string} */
    private function terminate(App $app, string $userId): array
    {
        if ($userId === '') {
            return self::error(400, 'A user id is required.');
        }
        $this->pusher->terminateUser($app, $userId);
        return [200, '{}'];
    }

    private static function isSocketId(mixed $s): bool
    {
        if (!is_string($s)) {
            return false;
        }
        $dot = strpos($s, '.');
        return $dot !== false && self::isDigits(substr($s, 0, $dot)) && self::isDigits(substr($s, $dot + 1));
    }

    /** Non-empty and only ASCII digits (without ext-ctype). */
    private static function isDigits(string $s): bool
    {
        return $s !== '' && strspn($s, '0123456789') === strlen($s);
    }

    /** @return array{int, string} */
    private static function error(int $status, string $message): array
    {
        return [$status, json_encode(['error' => $message])];
    }
}
