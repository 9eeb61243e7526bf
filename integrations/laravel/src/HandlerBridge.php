<?php

declare(strict_types=1);

namespace WebSocket\Laravel;

use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Http\Request as HttpRequest;
use WebSocket\Connection;
use WebSocket\Request;
use WebSocket\Response;

/**
 * The app's own handler class behind the server's callbacks: authenticated at handshake time (401 with no
 * user when auth is required, 403 when the handler's authorize() says no), each callback run with the
 * connection's user and request bound and the state reset after it.
 */
final class HandlerBridge
{
    private ?object $handler = null;
    /** @var \WeakMap<Connection, array{?Authenticatable, HttpRequest}> */
    private \WeakMap $conns;

    /** @param array{class?: ?string, path?: string, auth?: array<string, mixed>} $config */
    public function __construct(private Application $app, private readonly array $config)
    {
        if (!is_string($config['class'] ?? null) || $config['class'] === '') {
            throw new \InvalidArgumentException('websocket.handler.class is not set (WEBSOCKET_HANDLER): handler mode needs the class of your handler');
        }
        $this->conns = new \WeakMap();
    }

    /** After a worker booted a fresh app: resolve from it from now on. */
    public function setApplication(Application $app): void
    {
        $this->app = $app;
        $this->handler = null;
    }

    public function path(): string
    {
        return (string) ($this->config['path'] ?? '/ws');
    }

    public function handler(): object
    {
        return $this->handler ??= $this->app->make((string) $this->config['class']);
    }

    public function handshake(Request $req, Response $res): bool
    {
        $http = HandshakeAuth::httpRequest($req);
        $auth = new HandshakeAuth((array) ($this->config['auth'] ?? []));
        $reset = new StateReset($this->app);
        return $reset->around($http, null, function () use ($auth, $req, $res, $http): bool {
            $user = $auth->user($this->app, $req, $http);
            if ($user === null && ($this->config['auth']['required'] ?? true)) {
                $res->setStatus(401)->setHeader('Content-Type', 'text/plain');
                $res->end('Unauthenticated.');
                return false;
            }
            $handler = $this->handler();
            if (method_exists($handler, 'authorize') && !$handler->authorize($http, $user)) {
                $res->setStatus(403)->setHeader('Content-Type', 'text/plain');
                $res->end('Forbidden.');
                return false;
            }
            $req->data = [$user, $http];
            return true;
        });
    }

    public function open(Connection $c): void
    {
        [$user, $http] = is_array($c->data) && count($c->data) === 2 ? $c->data : [null, HttpRequest::create('/')];
        $this->conns[$c] = [$user instanceof Authenticatable ? $user : null, $http instanceof HttpRequest ? $http : HttpRequest::create('/')];
        $c->data = $user;   // the app's from here on
        $this->call($c, 'onOpen', [$c, $user]);
    }

    public function message(Connection $c, string $data, bool $binary): void
    {
        $this->call($c, 'onMessage', [$c, $data, $binary]);
    }

    public function close(Connection $c, int $code, string $reason): void
    {
        $this->call($c, 'onClose', [$c, $code, $reason]);
        unset($this->conns[$c]);
    }

    public function owns(Connection $c): bool
    {
        return isset($this->conns[$c]);
    }

    /** @param list<mixed> $args */
    private function call(Connection $c, string $method, array $args): void
    {
        $handler = $this->handler();
        if (!method_exists($handler, $method)) {
            return;
        }
        [$user, $http] = $this->conns[$c] ?? [null, null];
        (new StateReset($this->app))->around($http, $user, fn () => $handler->$method(...$args));
    }
}
