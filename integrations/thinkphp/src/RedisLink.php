<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * One connection to the Redis of config('websocket.redis'), through phpredis (ext-redis) when it is loaded, else
 * Predis (predis/predis): raw commands only, so both behave the same. Opened at the first command.
 */
final class RedisLink
{
    private ?object $client = null;
    public readonly string $prefix;

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

    /** True if phpredis or Predis is there to talk to Redis with. */
    public static function available(): bool
    {
        return extension_loaded('redis') || class_exists(\Predis\Client::class);
    }

    /** Runs one command; a Redis error reply or a lost connection throws RuntimeException (and reconnects next time). */
    public function command(string|int ...$args): mixed
    {
        $client = $this->client();
        $name = (string) $args[0];
        try {
            if ($client instanceof \Redis) {
                $result = $client->rawCommand($name, ...array_slice($args, 1));
                if ($result === false && ($error = $client->getLastError()) !== null) {
                    $client->clearLastError();
                    throw new \RuntimeException("Redis {$name}: $error");
                }
                return $result;
            }
            $error = false;
            /** @phpstan-ignore method.notFound (Predis, optional) */
            $result = $client->executeRaw(array_map('strval', $args), $error);
            if ($error) {   /** @phpstan-ignore if.alwaysFalse (set by reference) */
                throw new \RuntimeException("Redis {$name}: " . (is_object($result) && method_exists($result, 'getMessage') ? $result->getMessage() : 'error'));
            }
            return $result;
        } catch (\RedisException $e) {
            $this->client = null;
            throw new \RuntimeException("Redis {$name} to {$this->where()}: {$e->getMessage()}", 0, $e);
        }
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
            try {
                $ok = isset($c['socket'])
                    ? $redis->connect((string) $c['socket'], 0, $timeout, null, 0, $timeout)
                    : $redis->connect((string) ($c['host'] ?? ''), (int) ($c['port'] ?? 6379), $timeout, null, 0, $timeout);
                if (!$ok) {
                    throw new \RuntimeException('cannot connect');
                }
                if ($password !== null && !$redis->auth($password)) {
                    throw new \RuntimeException('AUTH refused');
                }
                if ($database !== 0 && !$redis->select($database)) {
                    throw new \RuntimeException("SELECT $database refused");
                }
            } catch (\RedisException | \RuntimeException $e) {
                throw new \RuntimeException("websocket.redis {$this->where()}: {$e->getMessage()}", 0, $e);
            }
            return $this->client = $redis;
        }
        if (class_exists(\Predis\Client::class)) {
            $params = isset($c['socket'])
                ? ['scheme' => 'unix', 'path' => (string) $c['socket']]
                : ['scheme' => 'tcp', 'host' => (string) ($c['host'] ?? ''), 'port' => (int) ($c['port'] ?? 6379)];
            $params['timeout'] = $timeout;
            $params['read_write_timeout'] = $timeout;
            if ($password !== null) {
                $params['password'] = $password;
            }
            if ($database !== 0) {
                $params['database'] = $database;
            }
            return $this->client = new \Predis\Client($params);
        }
        throw new \RuntimeException('Talking to Redis from PHP needs phpredis (ext-redis) or predis/predis');
    }

    private function where(): string
    {
        return isset($this->config['socket'])
            ? 'unix://' . $this->config['socket']
            : ($this->config['host'] ?? '') . ':' . ($this->config['port'] ?? 6379);
    }
}
