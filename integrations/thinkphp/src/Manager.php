<?php

declare(strict_types=1);

namespace WebSocket\Think;

use think\App;
use think\Request;
use WebSocket\Connection;
use WebSocket\Server;

/**
 * Builds the WebSocket\Server from config/websocket.php and connects its callbacks to the handler and the
 * Websocket service. Used by `php think websocket start`.
 */
final class Manager
{
    private ?HandlerInterface $handler = null;
    private ?Rooms $rooms = null;

    public function __construct(private readonly App $app, private readonly Websocket $websocket)
    {
    }

    /**
     * The server options from the configuration: `options`, plus `workers`, `redis` and `node_id`.
     *
     * @param array<string, mixed> $config
     * @return array<string, mixed>
     */
    public static function serverOptions(array $config): array
    {
        $options = $config['options'] ?? [];
        if (!is_array($options)) {
            throw new \TypeError('websocket.options must be an array, ' . get_debug_type($options) . ' given');
        }
        if (isset($config['workers'])) {
            $options['workers'] = (int) $config['workers'];
        }
        if (isset($config['node_id'])) {
            $options['node_id'] = (int) $config['node_id'];
        }
        if (isset($config['redis'])) {
            if (!is_array($config['redis'])) {
                throw new \TypeError('websocket.redis must be an array or null, ' . get_debug_type($config['redis']) . ' given');
            }
            $redis = [];
            foreach (['host', 'port', 'socket', 'password', 'database', 'prefix'] as $key) {
                if (isset($config['redis'][$key]) && $config['redis'][$key] !== '') {
                    $redis[$key] = $config['redis'][$key];
                }
            }
            $options['redis'] = $redis;
        }
        return $options;
    }

    /**
     * Binds (at once: a port in use throws WebSocket\ServerException here) and connects the callbacks.
     *
     * @param array<string, mixed> $config
     */
    public function create(array $config): Server
    {
        $server = new Server((string) ($config['host'] ?? '127.0.0.1'), (int) ($config['port'] ?? 9502), self::serverOptions($config));
        $rooms = $this->rooms = new Rooms($server);
        $this->websocket->attach($rooms);

        foreach ($config['listen'] ?? [] as $name => $listeners) {
            $this->app->event->listenEvents(['websocket.' . $name => (array) $listeners]);
        }
        $handlerClass = $config['handler'] ?? Handler::class;
        if (!is_string($handlerClass) || !is_subclass_of($handlerClass, HandlerInterface::class)) {
            throw new \InvalidArgumentException(sprintf('websocket.handler: %s is not a class that implements %s',
                is_string($handlerClass) ? $handlerClass : get_debug_type($handlerClass), HandlerInterface::class));
        }

        // Counts across nodes: each process (each worker) reports its rooms' members to Redis.
        $presence = isset($config['redis']) && ($config['presence'] ?? true);
        if ($presence && !RedisLink::available()) {
            throw new \RuntimeException('websocket.redis: counting room members across nodes needs phpredis (ext-redis) or predis/predis in the server\'s PHP; install one, or set \'presence\' => false in config/websocket.php');
        }
        $startPresence = function () use ($server, $config, $rooms): void {
            // In the server's loop a Redis that does not answer must not hold it long.
            $link = new RedisLink(['timeout' => 0.5] + $config['redis']);
            $p = new Presence($link, $server->getNodeId() . '.' . getmypid());
            $rooms->usePresence($p, $link);
            $server->every(Presence::INTERVAL_MS, fn () => $p->beat(
                fn (string $room): int => $rooms->localCount($room),
                fn (\Throwable $e) => $this->report(null, $e),
            ));
        };
        // In each process that serves (each worker, or the single process): the counts, and the app's log
        // written out every second (ThinkPHP keeps log records in memory until save(), which a request's end
        // does under PHP-FPM and nothing does in a long-running process).
        $perProcess = function () use ($server, $presence, $startPresence): void {
            if ($presence) {
                $startPresence();
            }
            $server->every(1000, function (): void {
                $this->app->log->save();
            });
        };
        if ((int) ($config['workers'] ?? 1) < 2) {
            $perProcess();
        }

        $server->onWorkerStart(function (int $workerId) use ($perProcess): void {
            $perProcess();
            $this->app->event->trigger('websocket.WorkerStart', $workerId);
        });
        $server->onWorkerStop(function (int $workerId) use ($rooms): void {
            $rooms->presence()?->clear();
            $this->app->event->trigger('websocket.WorkerStop', $workerId);
        });
        $server->onShutdown(function (int $code) use ($rooms): void {
            $rooms->presence()?->clear();
            $this->app->event->trigger('websocket.Shutdown', $code);
        });
        $server->onReload(function (): void {
            $this->app->event->trigger('websocket.Reload');
        });

        // websocket.Handshake, only when something listens (it runs before every upgrade): a listener that returns
        // false refuses the client with 403 before any connection exists; anything else it returns (a user id, an
        // object) becomes the connection's $data, which Open and later events read through getConnection().
        if ($this->app->event->hasListener('websocket.Handshake')) {
            $server->onHandshake(function (\WebSocket\Request $req, \WebSocket\Response $res): ?bool {
                $request = $this->request($req->getPath(), $req->getQuery(), $req->getHeaders(), $req->getRemoteAddress(), 0);
                $results = $this->withRequest($request, fn () => $this->app->event->trigger('websocket.Handshake', $request));
                foreach ($results as $result) {
                    if ($result === false) {
                        $res->setStatus(403);
                        return false;
                    }
                    if ($result !== null && $result !== true) {
                        $req->data = $result;
                    }
                }
                return null;
            });
        }

        $server->onOpen(function (Connection $c) use ($handlerClass, $rooms): void {
            $rooms->opened($c);
            $request = $this->request($c->getPath(), $c->getQuery(), $c->getHeaders(), $c->getRemoteAddress(), $c->getRemotePort());
            $this->withRequest($request, fn () => $this->dispatch($handlerClass, $c, fn (HandlerInterface $h) => $h->onOpen($request)));
        });
        $server->onMessage(function (Connection $c, string $data, bool $binary) use ($handlerClass, $rooms): void {
            $frame = new Frame($rooms->clientId($c), $data, $binary);
            $this->dispatch($handlerClass, $c, fn (HandlerInterface $h) => $h->onMessage($frame));
        });
        $server->onClose(function (Connection $c, int $code, string $reason) use ($handlerClass, $rooms): void {
            $close = new Close($rooms->clientId($c), $code, $reason);
            $this->dispatch($handlerClass, $c, fn (HandlerInterface $h) => $h->onClose($close));
        });
        $server->onError(function (?Connection $c, \Throwable $e): void {
            $this->report($c, $e);
        });
        return $server;
    }

    private function dispatch(string $handlerClass, Connection $c, \Closure $call): void
    {
        $this->websocket->setSender($c);
        try {
            $call($this->handler($handlerClass));
        } finally {
            $this->websocket->setSender(null);
        }
    }

    /**
     * Runs $call with $request as the container's `request` (so request() and injected think\Request are this
     * upgrade request), then takes it out again: later events of other connections must not see it.
     *
     * @template T
     * @param \Closure(): T $call
     * @return T
     */
    private function withRequest(Request $request, \Closure $call): mixed
    {
        $this->app->instance('request', $request);
        try {
            return $call();
        } finally {
            $this->app->delete('request');
        }
    }

    /** Resolved from the container once per process (each worker makes its own, after the fork). */
    private function handler(string $class): HandlerInterface
    {
        if ($this->handler === null) {
            $handler = $this->app->make($class);
            if (!$handler instanceof HandlerInterface) {
                throw new \InvalidArgumentException(sprintf('websocket.handler %s does not implement %s', $class, HandlerInterface::class));
            }
            $this->handler = $handler;
        }
        return $this->handler;
    }

    /**
     * The upgrade request as a think\Request: method, path, query, headers, cookies, client address.
     *
     * @param array<string, string> $headers names in lower case
     */
    private function request(string $path, string $query, array $headers, string $address, int $port): Request
    {
        parse_str($query, $get);
        $cookies = [];
        foreach (explode(';', $headers['cookie'] ?? '') as $pair) {
            $eq = strpos($pair, '=');
            if ($eq !== false) {
                $cookies[trim(substr($pair, 0, $eq))] = urldecode(trim(substr($pair, $eq + 1)));
            }
        }
        $server = [
            'REQUEST_METHOD'  => 'GET',
            'REQUEST_URI'     => $query === '' ? $path : $path . '?' . $query,
            'QUERY_STRING'    => $query,
            'PATH_INFO'       => $path,
            'SERVER_PROTOCOL' => 'HTTP/1.1',
            'REMOTE_ADDR'     => $address,
            'REMOTE_PORT'     => $port,
            'REQUEST_TIME'    => time(),
            'REQUEST_TIME_FLOAT' => microtime(true),
        ];
        foreach ($headers as $name => $value) {
            $server['HTTP_' . strtoupper(str_replace('-', '_', $name))] = $value;
        }
        /** @var Request $request */
        $request = $this->app->make('request', [], true);
        return $request->withServer($server)->withHeader($headers)->withGet($get)->withCookie($cookies)
            ->setMethod('GET')->setPathinfo(ltrim($path, '/'));
    }

    /** An exception from a listener (its connection is closed 1011 by the server) or a dropped message. */
    private function report(?Connection $c, \Throwable $e): void
    {
        $who = $c === null || $this->rooms === null ? '' : ' (client ' . $this->rooms->clientId($c) . ')';
        fwrite(STDERR, sprintf("websocket%s: %s: %s in %s:%d\n", $who, $e::class, $e->getMessage(), $e->getFile(), $e->getLine()));
        try {
            $this->app->log->error(sprintf('websocket%s: %s: %s', $who, $e::class, $e->getMessage()));
            $this->app->log->save();
        } catch (\Throwable) {
            // the line is on stderr already
        }
    }
}
