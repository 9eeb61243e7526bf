<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * Publishes to the servers' topics from any PHP process (PHP-FPM, a queue job, a command) through Redis, in the
 * extension's wire format: channel `{prefix}{topic}`; the payload as is when it is text that does not start with
 * NUL, otherwise the envelope "\0" . http_build_query($meta) . "\n" . $payload with `binary=1` and/or
 * `except=<client ids, comma-separated>`. Every server with the same `redis` option (every node, every worker)
 * delivers it to its subscribers.
 *
 * Uses phpredis (ext-redis) when loaded, else Predis (predis/predis) when installed.
 */
final class RedisPublisher
{
    /** @var \Redis|\Predis\ClientInterface|null */
    private object|null $client = null;
    private readonly string $prefix;

    /**
     * @param array{host?: string, port?: int, socket?: string, password?: ?string, database?: int,
     *              prefix?: string, timeout?: float} $config
     */
    public function __construct(private readonly array $config)
    {
        if (!isset($config['host']) && !isset($config['socket'])) {
            throw new \InvalidArgumentException('websocket.redis needs a host or a socket');
        }
        $this->prefix = (string) ($config['prefix'] ?? 'ws:');
    }

    public function prefix(): string
    {
        return $this->prefix;
    }

    /** The bytes the servers expect on the channel for this message. */
    public static function encode(string $payload, bool $binary = false, array $except = []): string
    {
        if (!$binary && $except === [] && ($payload === '' || $payload[0] !== "\0")) {
            return $payload;
        }
        $meta = [];
        if ($binary) {
            $meta['binary'] = 1;
        }
        if ($except !== []) {
            $meta['except'] = implode(',', $except);
        }
        return "\0" . http_build_query($meta) . "\n" . $payload;
    }

    /**
     * PUBLISH to each topic. Returns how many server processes (Redis subscribers) received it, added up.
     *
     * @param list<string> $topics
     * @param list<string> $except client ids
     */
    public function publish(array $topics, string $payload, bool $binary = false, array $except = []): int
    {
        $message = self::encode($payload, $binary, $except);
        $client = $this->client();
        $n = 0;
        foreach ($topics as $topic) {
            $n += (int) $client->publish($this->prefix . $topic, $message);
        }
        return $n;
    }

    private function client(): object
    {
        if ($this->client !== null) {
            return $this->client;
        }
        $c = $this->config;
        $timeout = (float) ($c['timeout'] ?? 2.0);
        $password = isset($c['password']) && $c['password'] !== '' ? (string) $c['password'] : null;
        $database = (int) ($c['database'] ?? 0);
        if (extension_loaded('redis')) {
            $redis = new \Redis();
            $ok = isset($c['socket'])
                ? $redis->connect((string) $c['socket'], 0, $timeout)
                : $redis->connect((string) $c['host'], (int) ($c['port'] ?? 6379), $timeout);
            if (!$ok) {
                throw new \RuntimeException('websocket.redis: cannot connect to ' . $this->where());
            }
            if ($password !== null && !$redis->auth($password)) {
                throw new \RuntimeException('websocket.redis: AUTH refused by ' . $this->where());
            }
            if ($database !== 0) {
                $redis->select($database);
            }
            return $this->client = $redis;
        }
        if (class_exists(\Predis\Client::class)) {
            $params = isset($c['socket'])
                ? ['scheme' => 'unix', 'path' => (string) $c['socket']]
                : ['scheme' => 'tcp', 'host' => (string) $c['host'], 'port' => (int) ($c['port'] ?? 6379)];
            $params['timeout'] = $timeout;
            if ($password !== null) {
                $params['password'] = $password;
            }
            if ($database !== 0) {
                $params['database'] = $database;
            }
            return $this->client = new \Predis\Client($params);
        }
        throw new \RuntimeException('Pushing through Redis needs phpredis (ext-redis) or predis/predis');
    }

    private function where(): string
    {
        return isset($this->config['socket'])
            ? 'unix://' . $this->config['socket']
            : $this->config['host'] . ':' . ($this->config['port'] ?? 6379);
    }
}
