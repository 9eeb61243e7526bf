<?php

declare(strict_types=1);

namespace WebSocket\Laravel\Console;

use Illuminate\Console\Command;
use Illuminate\Container\Container;
use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Support\Facades\Facade;
use WebSocket\Connection;
use WebSocket\Laravel\HandlerBridge;
use WebSocket\Pusher\App;
use WebSocket\Pusher\PusherServer;
use WebSocket\Pusher\Store\LocalStore;
use WebSocket\Pusher\Store\RedisStore;
use WebSocket\Request;
use WebSocket\Response;
use WebSocket\Server;

final class ServeCommand extends Command
{
    protected $signature = 'websocket:serve
        {--host= : Address to listen on (REVERB_SERVER_HOST)}
        {--port= : Port to listen on (REVERB_SERVER_PORT)}
        {--workers= : Worker processes (2 or more: a master and workers)}
        {--mode= : broadcasting, handler or both}';

    protected $description = 'Run the WebSocket server (ext-websocket): Echo/Pusher broadcasting, your own handler, or both on one port';

    public function handle(): int
    {
        if (!extension_loaded('websocket')) {
            $this->error('The websocket extension is not loaded (php -d extension=websocket artisan websocket:serve, or enable it in php.ini).');
            return self::FAILURE;
        }
        $cfg = (array) $this->laravel['config']->get('websocket');
        $mode = (string) ($this->option('mode') ?? $cfg['mode'] ?? 'broadcasting');
        if (!in_array($mode, ['broadcasting', 'handler', 'both'], true)) {
            $this->error("websocket.mode must be 'broadcasting', 'handler' or 'both', not '$mode'.");
            return self::FAILURE;
        }
        $server = (array) ($cfg['server'] ?? []);
        $host = (string) ($this->option('host') ?? $server['host'] ?? '0.0.0.0');
        $port = (int) ($this->option('port') ?? $server['port'] ?? 8080);
        $workers = (int) ($this->option('workers') ?? $server['workers'] ?? 1);
        $redis = (array) ($cfg['redis'] ?? []);
        $redisOn = (bool) ($redis['enabled'] ?? false);

        $options = (array) ($server['options'] ?? []);
        if ($workers > 1) {
            $options['workers'] = $workers;
        }
        $redisConn = array_filter([
            'host' => $redis['host'] ?? '127.0.0.1',
            'port' => (int) ($redis['port'] ?? 6379),
            'password' => $redis['password'] ?? null,
            'database' => (int) ($redis['database'] ?? 0),
        ], fn ($v) => $v !== null && $v !== '');
        if ($redisOn) {
            $options['redis'] = $redisConn + ['prefix' => (string) ($redis['prefix'] ?? 'ws:')];
        }

        try {
            $apps = $mode === 'handler' ? [] : $this->apps((array) ($cfg['apps'] ?? []));
            if ($mode !== 'handler' && $workers > 1 && !$redisOn) {
                throw new \InvalidArgumentException('websocket.server.workers > 1 needs websocket.redis.enabled (REVERB_SCALING_ENABLED=true): presence and channel state are shared through Redis.');
            }
            $ws = new Server($host, $port, $options);
            $pusher = null;
            if ($apps !== []) {
                $store = new LocalStore();
                if ($redisOn) {
                    $store = new RedisStore($redisConn, $ws->getNodeId(), (string) ($redis['prefix'] ?? 'ws:') . 'pusher:',
                        (int) ($redis['node_timeout'] ?? 10000), (int) ($redis['tick_interval'] ?? 2000),
                        isset($redis['stop_grace']) && $redis['stop_grace'] !== '' ? (int) $redis['stop_grace'] : null);
                }
                $pusher = new PusherServer($ws, $apps, $store, [
                    'path' => (string) ($server['path'] ?? ''),
                    'max_timestamp_skew' => (int) ($cfg['max_timestamp_skew'] ?? 600),
                ]);
            }
            $bridge = $mode === 'broadcasting' ? null : new HandlerBridge($this->laravel, (array) ($cfg['handler'] ?? []));
        } catch (\Throwable $e) {
            $this->error($e->getMessage());
            return self::FAILURE;
        }

        $this->wire($ws, $pusher, $bridge, $workers, $mode);

        $pidFile = (string) ($server['pid_file'] ?? storage_path('framework/websocket.pid'));
        @mkdir(dirname($pidFile), 0775, true);
        file_put_contents($pidFile, (string) getmypid());
        try {
            $ws->run();
            if ($workers <= 1) {
                $pusher?->stop();   // after every onClose: the store's entries go cleanly
            }
        } finally {
            if (is_file($pidFile) && trim((string) file_get_contents($pidFile)) === (string) getmypid()) {
                @unlink($pidFile);
            }
        }
        return self::SUCCESS;
    }

    /**
     * @param list<mixed> $list
     * @return list<App>
     */
    private function apps(array $list): array
    {
        $apps = [];
        foreach ($list as $i => $a) {
            if (!is_array($a) || empty($a['key']) || empty($a['secret']) || (empty($a['id']) && empty($a['app_id']))) {
                throw new \InvalidArgumentException("websocket.apps.$i needs id, key and secret (REVERB_APP_ID, REVERB_APP_KEY, REVERB_APP_SECRET).");
            }
            $apps[] = App::fromArray($a);
        }
        if ($apps === []) {
            throw new \InvalidArgumentException('websocket.apps is empty: broadcasting mode needs at least one app.');
        }
        return $apps;
    }

    private function wire(Server $ws, ?PusherServer $pusher, ?HandlerBridge $bridge, int $workers, string $mode): void
    {
        $isHandlerPath = fn (string $path): bool => $bridge !== null && $path === $bridge->path();
        $ws->onHandshake(function (Request $req, Response $res) use ($pusher, $bridge, $isHandlerPath): ?bool {
            $path = $req->getPath();
            if ($isHandlerPath($path)) {
                return $bridge->handshake($req, $res);
            }
            if ($pusher !== null && $pusher->ownsPath($path)) {
                return $pusher->handshake($req, $res);
            }
            $res->setStatus(404);
            $res->end('Not found');
            return false;
        });
        $ws->onOpen(function (Connection $c) use ($pusher, $bridge, $isHandlerPath): void {
            if ($isHandlerPath($c->getPath())) {
                $bridge->open($c);
            } elseif ($pusher !== null) {
                $pusher->open($c);
            }
        });
        $ws->onMessage(function (Connection $c, string $data, bool $binary) use ($pusher, $bridge): void {
            if ($bridge !== null && $bridge->owns($c)) {
                $bridge->message($c, $data, $binary);
            } elseif ($pusher !== null) {
                $pusher->message($c, $data);
            }
        });
        $ws->onClose(function (Connection $c, int $code, string $reason) use ($pusher, $bridge): void {
            if ($bridge !== null && $bridge->owns($c)) {
                $bridge->close($c, $code, $reason);
            } elseif ($pusher !== null) {
                $pusher->close($c);
            }
        });
        $ws->onRequest(function (Request $req, Response $res) use ($pusher): void {
            if ($pusher === null || !$pusher->request($req, $res)) {
                $res->setStatus(404)->setHeader('Content-Type', 'application/json');
                $res->end('{"error":"Not found."}');
            }
        });
        $ws->onError(function (?Connection $c, \Throwable $e): void {
            try {
                Container::getInstance()->make(ExceptionHandler::class)->report($e);
            } catch (\Throwable) {
            }
            fwrite(STDERR, 'websocket: ' . get_class($e) . ': ' . $e->getMessage() . "\n");
        });
        $ws->onShutdown(fn () => $pusher?->stopping());
        $where = $ws->getHost() . ':' . $ws->getPort();
        if ($workers > 1) {
            $ws->onWorkerStart(function (int $id) use ($pusher, $bridge, $where, $mode): void {
                $app = $this->bootFreshApplication();
                $bridge?->setApplication($app);
                $pusher?->start();
                fwrite(STDOUT, "websocket:serve worker $id serving $mode on $where\n");
            });
            $ws->onWorkerStop(fn () => $pusher?->stop());
        } else {
            $pusher?->start();
            $ws->onReload(function (): void {
                fwrite(STDOUT, "websocket:serve: reload asks for workers (websocket.server.workers >= 2); one process keeps running as it is\n");
            });
            $ws->after(0, function () use ($where, $mode): void {
                fwrite(STDOUT, "websocket:serve serving $mode on $where\n");
            });
        }
    }

    /**
     * A worker boots the application anew (bootstrap/app.php), so a rolling reload (websocket:reload) picks up
     * changed configuration, .env and the app's classes that the master had not loaded; database connections
     * are the worker's own.
     */
    private function bootFreshApplication(): Application
    {
        $app = require $this->laravel->bootstrapPath('app.php');
        $app->make(ConsoleKernel::class)->bootstrap();
        Container::setInstance($app);
        Facade::clearResolvedInstances();
        Facade::setFacadeApplication($app);
        return $app;
    }
}
