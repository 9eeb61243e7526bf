<?php

declare(strict_types=1);

namespace WebSocket\Laravel;

use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Http\Request as HttpRequest;
use Illuminate\Support\Facades\Facade;

/**
 * What Octane resets between requests, reset around every handler callback: one long-lived app serves many
 * connections, so the authenticated user, the bound request (container, Request facade, URL generator) and scoped instances must not leak from one
 * callback into the next.
 *
 * Around a callback: the connection's handshake request is bound as `request`, the connection's user is set on
 * the default guard. After it: scoped instances are forgotten, the auth guards dropped (so the next callback
 * starts with no user), the request unbound, and the session store emptied. Lost database connections are
 * reconnected by Laravel's own retry on a lost connection; connections opened in the master before the workers
 * were forked are purged in each worker (WorkerBoot).
 */
final class StateReset
{
    public function __construct(private readonly Application $app)
    {
    }

    /**
     * @template T
     * @param callable(): T $fn
     * @return T
     */
    public function around(?HttpRequest $request, ?Authenticatable $user, callable $fn): mixed
    {
        if ($request !== null) {
            $this->bindRequest($request);
        }
        if ($user !== null) {
            $this->app['auth']->guard()->setUser($user);
        }
        try {
            return $fn();
        } finally {
            $this->reset();
        }
    }

    /** The request as Octane gives it: the container, the Request facade's cache, the URL generator. */
    private function bindRequest(HttpRequest $request): void
    {
        $this->app->instance('request', $request);
        Facade::clearResolvedInstance('request');
        if ($this->app->resolved('url')) {
            $this->app['url']->setRequest($request);
        }
    }

    public function reset(): void
    {
        $app = $this->app;
        if (method_exists($app, 'forgetScopedInstances')) {
            $app->forgetScopedInstances();
        }
        if ($app->resolved('auth')) {
            $app['auth']->forgetGuards();
        }
        $this->bindRequest(HttpRequest::create('/', 'GET'));
        if ($app->resolved('session.store')) {
            $app['session.store']->flush();
        }
    }
}
