<?php

declare(strict_types=1);

namespace WebSocket\Laravel;

use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Foundation\Application;
use Illuminate\Cookie\CookieValuePrefix;
use Illuminate\Http\Request as HttpRequest;
use WebSocket\Request;

/**
 * Who is asking for the upgrade, before any connection exists: a Sanctum personal access token (Authorization:
 * Bearer, or ?token= since browsers cannot set headers on a WebSocket), else the session cookie of the configured
 * guard (decrypted as EncryptCookies does, then the session read from the app's session store).
 */
final class HandshakeAuth
{
    /** @param array{session_guard?: ?string, sanctum?: bool} $config */
    public function __construct(private readonly array $config)
    {
    }

    /** An Illuminate request made of the handshake's head (for authorize() and the handler). */
    public static function httpRequest(Request $req): HttpRequest
    {
        $server = ['REMOTE_ADDR' => $req->getRemoteAddress()];
        foreach ($req->getHeaders() as $name => $value) {
            $server['HTTP_' . strtoupper(str_replace('-', '_', (string) $name))] = $value;
        }
        $uri = $req->getPath() . ($req->getQuery() !== '' ? '?' . $req->getQuery() : '');
        return HttpRequest::create($uri, $req->getMethod(), [], $req->getCookies(), [], $server);
    }

    public function user(Application $app, Request $req, HttpRequest $http): ?Authenticatable
    {
        if (($this->config['sanctum'] ?? true) && class_exists(\Laravel\Sanctum\PersonalAccessToken::class)) {
            $token = $http->bearerToken() ?? $http->query('token');
            if (is_string($token) && $token !== '') {
                $user = $this->sanctumUser($app, $token);
                if ($user !== null) {
                    return $user;
                }
            }
        }
        // null or '' turns session authentication off (Sanctum only)
        $guard = array_key_exists('session_guard', $this->config) ? $this->config['session_guard'] : 'web';
        if (is_string($guard) && $guard !== '') {
            return $this->sessionUser($app, $req, (string) $guard);
        }
        return null;
    }

    private function sanctumUser(Application $app, string $token): ?Authenticatable
    {
        $model = \Laravel\Sanctum\Sanctum::$personalAccessTokenModel;
        $pat = $model::findToken($token);
        if ($pat === null) {
            return null;
        }
        $expiration = $app['config']->get('sanctum.expiration');
        if ($expiration && $pat->created_at && $pat->created_at->lte(now()->subMinutes($expiration))) {
            return null;
        }
        if (isset($pat->expires_at) && $pat->expires_at->isPast()) {
            return null;
        }
        $user = $pat->tokenable;
        return $user instanceof Authenticatable ? $user : null;
    }

    private function sessionUser(Application $app, Request $req, string $guardName): ?Authenticatable
    {
        $cookieName = (string) $app['config']->get('session.cookie');
        $raw = $req->getCookie($cookieName);
        if ($raw === null || $raw === '') {
            return null;
        }
        try {
            $encrypter = $app['encrypter'];
            $value = $encrypter->decrypt($raw, false);
            $keys = method_exists($encrypter, 'getAllKeys') ? $encrypter->getAllKeys() : [$encrypter->getKey()];
            $sessionId = CookieValuePrefix::validate($cookieName, $value, $keys);
        } catch (\Throwable) {
            return null; // a cookie that does not decrypt is no session
        }
        if (!is_string($sessionId) || $sessionId === '') {
            return null;
        }
        $session = $app['session']->driver();
        $session->flush();
        $session->setId($sessionId);
        if ($session->getId() !== $sessionId) {
            return null; // not a valid session id
        }
        $session->start();
        try {
            $guard = $app['auth']->guard($guardName);
            $user = $guard->user();
            return $user instanceof Authenticatable ? $user : null;
        } finally {
            $app['auth']->forgetGuards();
            $session->flush();
        }
    }
}
