<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Redis;

/**
 * A minimal synchronous Redis client (RESP2) for the presence store: a few commands per subscription and one
 * pipelined round trip per tick, each bounded by a timeout, so the event loop never waits long (bench/PUSHER.md
 * has the measured cost). Reconnects after a fork and after an error.
 */
final class Resp
{
    /** @var resource|null */
    private $sock = null;
    private int $pid = 0;

    /** @param array{host?: string, port?: int, socket?: string, password?: string, database?: int, timeout?: float} $config */
    public function __construct(private readonly array $config)
    {
    }

    /** One command; returns its reply (string|int|array|null). A Redis error reply throws RedisException. */
    public function call(string ...$args): mixed
    {
        return $this->pipeline([$args])[0];
    }

    /**
     * Several commands in one round trip. Error replies come back as RedisError objects in their place.
     *
     * @param list<list<string>> $commands
     * @return list<mixed>
     */
    public function pipeline(array $commands, bool $throwOnError = true): array
    {
        if ($commands === []) {
            return [];
        }
        $this->connect();
        $out = '';
        foreach ($commands as $args) {
            $out .= self::encode($args);
        }
        try {
            $this->write($out);
            $replies = [];
            foreach ($commands as $_) {
                $replies[] = $this->read();
            }
        } catch (\Throwable $e) {
            $this->close();
            throw $e instanceof RedisException ? $e : new RedisException($e->getMessage(), 0, $e);
        }
        if ($throwOnError) {
            foreach ($replies as $r) {
                if ($r instanceof RedisError) {
                    throw new RedisException('Redis: ' . $r->message);
                }
            }
        }
        return $replies;
    }

    public function close(): void
    {
        if (is_resource($this->sock)) {
            fclose($this->sock);
        }
        $this->sock = null;
    }

    /** @param list<string> $args */
    private static function encode(array $args): string
    {
        $s = '*' . count($args) . "\r\n";
        foreach ($args as $a) {
            $s .= '$' . strlen($a) . "\r\n" . $a . "\r\n";
        }
        return $s;
    }

    private function connect(): void
    {
        if ($this->sock !== null && $this->pid === getmypid()) {
            return;
        }
        // a forked child must not share its parent's socket
        $this->sock = null;
        $timeout = (float) ($this->config['timeout'] ?? 1.0);
        $target = isset($this->config['socket'])
            ? 'unix://' . $this->config['socket']
            : 'tcp://' . ($this->config['host'] ?? '127.0.0.1') . ':' . ($this->config['port'] ?? 6379);
        $sock = @stream_socket_client($target, $errno, $errstr, $timeout);
        if ($sock === false) {
            throw new RedisException("Redis: cannot connect to $target: $errstr ($errno)");
        }
        stream_set_timeout($sock, (int) $timeout, (int) (fmod($timeout, 1.0) * 1e6));
        if (str_starts_with($target, 'tcp://') && function_exists('socket_import_stream')) {
            $s = socket_import_stream($sock);
            if ($s !== false) {
                socket_set_option($s, SOL_TCP, TCP_NODELAY, 1);
            }
        }
        $this->sock = $sock;
        $this->pid = getmypid();
        $init = [];
        if (isset($this->config['password']) && $this->config['password'] !== '') {
            $init[] = ['AUTH', (string) $this->config['password']];
        }
        if (!empty($this->config['database'])) {
            $init[] = ['SELECT', (string) $this->config['database']];
        }
        if ($init !== []) {
            $this->pipeline($init);
        }
    }

    private function write(string $data): void
    {
        while ($data !== '') {
            $n = @fwrite($this->sock, $data);
            if ($n === false || $n === 0) {
                throw new RedisException('Redis: write failed');
            }
            $data = (string) substr($data, $n);
        }
    }

    private function line(): string
    {
        $line = fgets($this->sock);
        if ($line === false) {
            $meta = stream_get_meta_data($this->sock);
            throw new RedisException($meta['timed_out'] ? 'Redis: read timed out' : 'Redis: connection lost');
        }
        return substr($line, 0, -2);
    }

    private function read(): mixed
    {
        $line = $this->line();
        $rest = substr($line, 1);
        switch ($line[0] ?? '') {
            case '+':
                return $rest;
            case '-':
                return new RedisError($rest);
            case ':':
                return (int) $rest;
            case '$':
                $n = (int) $rest;
                if ($n < 0) {
                    return null;
                }
                $buf = '';
                while (strlen($buf) < $n + 2) {
                    $chunk = fread($this->sock, $n + 2 - strlen($buf));
                    if ($chunk === false || $chunk === '') {
                        throw new RedisException('Redis: connection lost');
                    }
                    $buf .= $chunk;
                }
                return substr($buf, 0, $n);
            case '*':
                $n = (int) $rest;
                if ($n < 0) {
                    return null;
                }
                $a = [];
                for ($i = 0; $i < $n; $i++) {
                    $a[] = $this->read();
                }
                return $a;
        }
        throw new RedisException('Redis: unexpected reply ' . substr($line, 0, 40));
    }
}
