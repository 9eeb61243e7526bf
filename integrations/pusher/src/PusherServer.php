<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

use WebSocket\Connection;
use WebSocket\Pusher\Redis\RedisException;
use WebSocket\Pusher\Store\LocalStore;
use WebSocket\Pusher\Store\Store;
use WebSocket\Request;
use WebSocket\Response;
use WebSocket\Server;

/**
 * The Pusher channels protocol (what pusher-js, Laravel Echo and pusher-php-server speak) on a WebSocket\Server:
 * connections on {path}/app/{key}, the HTTP API on {path}/apps/{id}/..., several apps in one server.
 *
 * Use register() to take over the server's callbacks, or call handshake(), open(), message(), close() and
 * request() from your own callbacks (ownsPath() tells which requests are ours) to share the port with other
 * handlers.
 */
final class PusherServer
{
    /** @var array<string, App> */
    private array $byKey = [];
    /** @var array<string, App> */
    private array $byId = [];
    private Fanout $fanout;
    private Store $store;
    private HttpApi $api;
    /** @var array<string, array<string, array<int, Connection>>> app id => user id => connection id => connection */
    private array $byUser = [];
    private bool $flushScheduled = false;
    /** @var list<array{App, string, string, ?string}> publishes of the HTTP API waiting for the next loop turn */
    private array $pending = [];
    private bool $publishScheduled = false;
    private bool $stopping = false;
    private ?int $tickTimer = null;
    private string $path;
    private int $cacheTtl;

    /**
     * @param list<App> $apps
     * @param array{path?: string, max_timestamp_skew?: int, cache_ttl?: int, topic_prefix?: string} $options
     *        path: a prefix for every route (Reverb's REVERB_SERVER_PATH); max_timestamp_skew: seconds an HTTP API
     *        request's auth_timestamp may be off (default 600, Pusher's; 0 turns the check off); cache_ttl: seconds
     *        a cache channel keeps its last event (default 1800).
     */
    public function __construct(private readonly Server $server, array $apps, ?Store $store = null, array $options = [])
    {
        if ($apps === []) {
            throw new \ValueError('PusherServer needs at least one app');
        }
        foreach ($apps as $app) {
            if (!$app instanceof App) {
                throw new \TypeError('PusherServer apps must be ' . App::class . ' objects');
            }
            if (isset($this->byKey[$app->key]) || isset($this->byId[$app->id])) {
                throw new \ValueError("Two Pusher apps share the id or key of app '{$app->id}'");
            }
            $this->byKey[$app->key] = $app;
            $this->byId[$app->id] = $app;
        }
        $this->path = rtrim((string) ($options['path'] ?? ''), '/');
        $this->cacheTtl = (int) ($options['cache_ttl'] ?? 1800);
        $this->fanout = new Fanout($server, (string) ($options['topic_prefix'] ?? 'pusher:'));
        $this->store = $store ?? new LocalStore();
        $this->api = new HttpApi($this, (int) ($options['max_timestamp_skew'] ?? 600));
    }

    /**
     * Installs this server's callbacks (onHandshake, onOpen, onMessage, onClose, onRequest, and with workers
     * onWorkerStart/onWorkerStop for the store's timer). Without workers, call start() before run() and stop()
     * after it (every connection has had its onClose by then, so the store's entries go cleanly).
     */
    public function register(bool $workers = false): void
    {
        $this->server
            ->onHandshake(fn (Request $req, Response $res) => $this->handshake($req, $res))
            ->onOpen(fn (Connection $c) => $this->open($c))
            ->onMessage(fn (Connection $c, string $data) => $this->message($c, $data))
            ->onClose(fn (Connection $c) => $this->close($c))
            ->onRequest(function (Request $req, Response $res): void {
                if (!$this->request($req, $res)) {
                    $res->setStatus(404)->setHeader('Content-Type', 'application/json');
                    $res->end('{"error":"Not found."}');
                }
            });
        $this->server->onShutdown(fn () => $this->stopping());
        if ($workers) {
            $this->server->onWorkerStart(fn () => $this->start())->onWorkerStop(fn () => $this->stop());
        }
    }

    /** Starts the store's periodic work (heartbeat, dead nodes, commands). In each worker, or before run(). */
    public function start(): void
    {
        if ($this->tickTimer === null) {
            $this->tickTimer = $this->server->every($this->store->tickInterval(), fn () => $this->tick());
        }
    }

    /**
     * A graceful stop begins (onShutdown: the connections are still open). With a shared store the others take
     * over this process's presence members and announce member_removed from their live links; the closes that
     * follow leave the members filed for them.
     */
    public function stopping(): void
    {
        $this->stopping = true;
        $this->store->abandon();
    }

    public function stop(): void
    {
        if ($this->tickTimer !== null) {
            $this->server->cancel($this->tickTimer);
            $this->tickTimer = null;
        }
        $this->store->flush();
        $this->store->shutdown();
    }

    /** Whether a request path belongs to this server (its connections, its HTTP API, /up). */
    public function ownsPath(string $path): bool
    {
        $p = $this->path;
        return str_starts_with($path, $p . '/app/') || str_starts_with($path, $p . '/apps/') || $path === $p . '/up';
    }

    public function handshake(Request $req, Response $res): ?bool
    {
        $path = $req->getPath();
        if (!str_starts_with($path, $this->path . '/app/') || strlen($path) === strlen($this->path . '/app/')) {
            $res->setStatus(404);
            $res->end('Not found');
            return false;
        }
        return null;
    }

    public function open(Connection $c): void
    {
        $key = substr($c->getPath(), strlen($this->path . '/app/'));
        $app = $this->byKey[$key] ?? null;
        if ($app === null) {
            $this->fail($c, 4001, "Application does not exist", true);
            return;
        }
        if (!$app->allowsOrigin($c->getHeader('origin'))) {
            $this->fail($c, 4009, 'Origin not allowed', true);
            return;
        }
        if ($app->maxConnections !== null && $this->store->connectionCount($app) >= $app->maxConnections) {
            $this->fail($c, 4004, 'Application is over connection quota', true);
            return;
        }
        $state = new ConnectionState($app, $this->fanout->socketId($c));
        $c->data = $state;
        $this->store->connectionsChanged($app, 1);
        $this->scheduleFlush();
        $c->send(self::frame('pusher:connection_established', null, json_encode(
            ['socket_id' => $state->socketId, 'activity_timeout' => $app->activityTimeout],
        )));
    }

    public function message(Connection $c, string $data): void
    {
        $state = $c->data;
        if (!$state instanceof ConnectionState) {
            return; // refused in open(), closing
        }
        $msg = json_decode($data, true, 32);
        if (!is_array($msg) || !isset($msg['event']) || !is_string($msg['event'])) {
            $this->fail($c, 4200, 'Invalid message format');
            return;
        }
        $event = $msg['event'];
        $payload = $msg['data'] ?? [];
        if (is_string($payload) && str_starts_with($event, 'pusher:')) {
            $payload = json_decode($payload, true) ?? [];   // some clients send data as a JSON string
        }
        try {
            match (true) {
                $event === 'pusher:ping' => $c->send('{"event":"pusher:pong","data":"{}"}'),
                $event === 'pusher:pong' => null,
                $event === 'pusher:subscribe' => $this->subscribe($c, $state, is_array($payload) ? $payload : []),
                $event === 'pusher:unsubscribe' => $this->unsubscribe($c, $state, is_array($payload) ? (string) ($payload['channel'] ?? '') : ''),
                str_starts_with($event, 'client-') => $this->clientEvent($c, $state, $msg),
                str_starts_with($event, 'pusher:') => $this->fail($c, 4200, 'Invalid message format'),
                default => null, // Reverb ignores other events
            };
        } catch (RedisException $e) {
            // the shared state is unreachable: tell pusher-js to come back in a second (4100-4199)
            $this->fail($c, 4100, 'Over capacity', true);
            throw $e;
        }
    }

    public function close(Connection $c): void
    {
        $state = $c->data;
        if (!$state instanceof ConnectionState) {
            return;
        }
        foreach ($state->channels as $channel => $_) {
            $this->leave($c, $state, $channel);
        }
        if ($state->userId !== null) {
            unset($this->byUser[$state->app->id][$state->userId][$c->id]);
            if (($this->byUser[$state->app->id][$state->userId] ?? null) === []) {
                unset($this->byUser[$state->app->id][$state->userId]);
            }
        }
        $this->store->connectionsChanged($state->app, -1);
        $this->scheduleFlush();
        $c->data = null;
    }

    /** Answers a plain HTTP request if it is ours (returns false otherwise, with $res untouched). */
    public function request(Request $req, Response $res): bool
    {
        $path = $req->getPath();
        if (!$this->ownsPath($path)) {
            return false;
        }
        [$status, $body] = $this->api->handle($req->getMethod(), substr($path, strlen($this->path)), $req->getQuery(), $req->getBody(), $path);
        $res->setStatus($status)->setHeader('Content-Type', 'application/json');
        $res->end($body);
        return true;
    }

    // ---- used by HttpApi ------------------------------------------------------------------------------------

    public function appById(string $id): ?App
    {
        return $this->byId[$id] ?? null;
    }

    public function store(): Store
    {
        return $this->store;
    }

    /**
     * Sends an event to channels: one frame per channel, encoded once and published once (to every worker and
     * node through the extension's topics). $except is a socket id ("node.id") to leave out. The publishes run
     * on the next turn of the loop, in order, so the HTTP API's answer goes out before the fan-out's writes.
     *
     * @param list<string> $channels
     */
    public function trigger(App $app, array $channels, string $event, string $data, ?string $except = null): void
    {
        foreach ($channels as $channel) {
            $frame = self::frame($event, $channel, $data);
            if (Channel::isCache($channel)) {
                $this->store->cachePut($app, $channel, $frame, $this->cacheTtl);
            }
            $this->pending[] = [$app, $channel, $frame, $except];
        }
        if (!$this->publishScheduled) {
            $this->publishScheduled = true;
            $this->server->after(0, function (): void {
                $this->publishScheduled = false;
                $pending = $this->pending;
                $this->pending = [];
                foreach ($pending as [$app, $channel, $frame, $except]) {
                    $this->fanout->publish($app, $channel, $frame, $except === null ? [] : [$except]);
                }
            });
        }
    }

    /** Closes a user's connections here (pusher:error 4009 and close 4009: pusher-js does not reconnect), and asks the other processes to. */
    public function terminateUser(App $app, string $userId, bool $tellOthers = true): void
    {
        foreach ($this->byUser[$app->id][$userId] ?? [] as $c) {
            $this->fail($c, 4009, 'Connection terminated by the application', true);
        }
        if ($tellOthers) {
            $this->store->terminateUser($app, $userId);
        }
    }

    // ---- protocol -------------------------------------------------------------------------------------------

    /** @param array<string, mixed> $d */
    private function subscribe(Connection $c, ConnectionState $state, array $d): void
    {
        $app = $state->app;
        $channel = $d['channel'] ?? null;
        if (!is_string($channel) || !Channel::isValidName($channel)) {
            $this->fail($c, 4200, 'Invalid channel name');
            return;
        }
        $type = Channel::type($channel);
        $channelData = null;
        if ($type !== Channel::PUBLIC) {
            $auth = $d['auth'] ?? null;
            if ($type === Channel::PRESENCE) {
                $channelData = $d['channel_data'] ?? null;
                if (!is_string($channelData)) {
                    $this->fail($c, 4009, 'Connection is unauthorized');
                    return;
                }
            }
            if (!is_string($auth) || !Signature::verifyChannelAuth($app, $auth, $state->socketId, $channel, $channelData)) {
                $this->fail($c, 4009, 'Connection is unauthorized');
                return;
            }
        }
        if (array_key_exists($channel, $state->channels)) {
            // already subscribed: confirm again
            $this->sendSucceeded($c, $app, $channel, $type === Channel::PRESENCE ? $this->store->presenceMembers($app, $channel) : null);
            return;
        }
        $members = null;
        $userId = null;
        if ($type === Channel::PRESENCE) {
            $cd = json_decode((string) $channelData, true);
            $uid = is_array($cd) ? ($cd['user_id'] ?? null) : null;
            if (!is_string($uid) && !is_int($uid) || (string) $uid === '') {
                $this->fail($c, 4009, 'Presence channel_data needs a user_id');
                return;
            }
            $userId = (string) $uid;
            $info = json_encode($cd['user_info'] ?? null);
            $join = $this->store->presenceJoin($app, $channel, $state->socketId, $userId, (string) $info);
            $members = $join['members'];
            $state->userId = $userId;
            $this->byUser[$app->id][$userId][$c->id] = $c;
            if ($join['first']) {
                $this->fanout->publish($app, $channel, self::frame('pusher_internal:member_added', $channel,
                    json_encode(['user_id' => $userId, 'user_info' => $cd['user_info'] ?? null])), [$c]);
            }
        }
        $state->channels[$channel] = $userId;
        $this->fanout->subscribe($c, $app, $channel);
        $this->store->subscriptionsChanged($app, $channel, 1);
        $this->scheduleFlush();
        $this->sendSucceeded($c, $app, $channel, $members);
        if (Channel::isCache($channel)) {
            $last = $this->store->cacheGet($app, $channel);
            $c->send($last ?? json_encode(['event' => 'pusher:cache_miss', 'channel' => $channel]));
        }
    }

    /** @param array<string, mixed>|null $members */
    private function sendSucceeded(Connection $c, App $app, string $channel, ?array $members): void
    {
        $data = '{}';
        if ($members !== null) {
            $data = json_encode(['presence' => [
                'count' => count($members),
                'ids' => array_map('strval', array_keys($members)),
                'hash' => (object) $members,
            ]]);
        }
        $c->send(self::frame('pusher_internal:subscription_succeeded', $channel, (string) $data));
    }

    private function unsubscribe(Connection $c, ConnectionState $state, string $channel): void
    {
        if (!array_key_exists($channel, $state->channels)) {
            return;
        }
        $this->fanout->unsubscribe($c, $state->app, $channel);
        $this->leave($c, $state, $channel);
        unset($state->channels[$channel]);
    }

    /** The bookkeeping of leaving a channel (the topic itself is left by the caller or by the close). */
    private function leave(Connection $c, ConnectionState $state, string $channel): void
    {
        $app = $state->app;
        $this->store->subscriptionsChanged($app, $channel, -1);
        $this->scheduleFlush();
        if ($state->channels[$channel] !== null && !($this->stopping && !$this->store instanceof LocalStore)) {
            $gone = $this->store->presenceLeave($app, $channel, $state->socketId);
            if ($gone !== null) {
                $this->memberRemoved($app, $channel, $gone, $c);
            }
        }
    }

    private function memberRemoved(App $app, string $channel, string $userId, ?Connection $except = null): void
    {
        $this->fanout->publish($app, $channel, self::frame('pusher_internal:member_removed', $channel,
            json_encode(['user_id' => $userId])), $except === null ? [] : [$except]);
    }

    /**
     * client-* events, Pusher's rules: only on private and presence channels, and only from a subscriber
     * (Reverb's default 'members'; 'all' skips the membership check, 'none' refuses them all), at most
     * client_event_rate per second per connection (Pusher's 10; over it: 4301 and the event dropped). Relayed to
     * the other subscribers with the sender's presence user_id, never echoed to the sender.
     *
     * @param array<string, mixed> $msg
     */
    private function clientEvent(Connection $c, ConnectionState $state, array $msg): void
    {
        $app = $state->app;
        $channel = $msg['channel'] ?? null;
        if ($app->acceptClientEventsFrom === 'none') {
            $this->fail($c, 4301, 'The app does not have client messaging enabled.');
            return;
        }
        if (!is_string($channel) || Channel::type($channel) === Channel::PUBLIC) {
            $this->fail($c, 4301, 'Client events are only accepted on private and presence channels.');
            return;
        }
        if ($app->acceptClientEventsFrom === 'members' && !array_key_exists($channel, $state->channels)) {
            $this->fail($c, 4009, 'The client is not a member of the specified channel.');
            return;
        }
        if ($app->clientEventRate > 0 && !self::takeToken($state, $app->clientEventRate)) {
            $this->fail($c, 4301, 'Client event rejected due to rate limit.');   // Pusher's code and words; dropped
            return;
        }
        $out = ['event' => $msg['event'], 'channel' => $channel, 'data' => $msg['data'] ?? null];
        if (($state->channels[$channel] ?? null) !== null) {
            $out['user_id'] = $state->channels[$channel];
        }
        $frame = json_encode($out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($frame === false || strlen($frame) > $app->maxEventSize + 512) {
            $this->fail($c, 4301, 'Client event too large.');
            return;
        }
        $this->fanout->publish($app, $channel, $frame, [$c]);
    }

    /** A bucket of $rate tokens refilled continuously (at most $rate at once): Pusher's per-second client event limit. */
    private static function takeToken(ConnectionState $state, int $rate): bool
    {
        $now = hrtime(true) / 1e9;
        if ($state->clientTokens < 0) {
            $state->clientTokens = (float) $rate;
        } else {
            $state->clientTokens = min((float) $rate, $state->clientTokens + ($now - $state->clientRefill) * $rate);
        }
        $state->clientRefill = $now;
        if ($state->clientTokens < 1.0) {
            return false;
        }
        $state->clientTokens -= 1.0;
        return true;
    }

    private function tick(): void
    {
        $r = $this->store->tick();
        foreach ($r['removed'] as [$appId, $channel, $userId]) {
            if (isset($this->byId[$appId])) {
                $this->memberRemoved($this->byId[$appId], $channel, $userId);
            }
        }
        foreach ($r['added'] as [$appId, $channel, $userId, $info]) {
            if (isset($this->byId[$appId])) {
                $this->fanout->publish($this->byId[$appId], $channel, self::frame('pusher_internal:member_added', $channel,
                    (string) json_encode(['user_id' => $userId, 'user_info' => json_decode($info)])));
            }
        }
        foreach ($r['terminate'] as [$appId, $userId]) {
            if (isset($this->byId[$appId])) {
                $this->terminateUser($this->byId[$appId], $userId, false);
            }
        }
    }

    private function scheduleFlush(): void
    {
        if (!$this->flushScheduled && $this->store->isDirty()) {
            $this->flushScheduled = true;
            $this->server->after(0, function (): void {
                $this->flushScheduled = false;
                $this->store->flush();
            });
        }
    }

    /**
     * pusher:error, and for the codes after which the client must stop (4000-4099) or retry (4100-4299) a close
     * frame with the same code, so pusher-js acts on its range.
     */
    private function fail(Connection $c, int $code, string $message, bool $close = false): void
    {
        $c->send(self::frame('pusher:error', null, json_encode(['code' => $code, 'message' => $message])));
        if ($close) {
            $c->close($code, $message);
        }
    }

    public static function frame(string $event, ?string $channel, string $data): string
    {
        $f = ['event' => $event];
        if ($channel !== null) {
            $f['channel'] = $channel;
        }
        $f['data'] = $data;
        return json_encode($f, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }
}
