<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

use WebSocket\Connection;
use WebSocket\Server;

/**
 * Where a channel's frames go: the extension's topics. A frame is encoded once by the caller and published once;
 * the extension builds the WebSocket frame once and sends it to the subscribers in this process, in the other
 * workers and, with its `redis` option, on the other nodes. No PHP loop over connections.
 *
 * The topic of a channel is "{prefix}{appId}:{channel}" (a channel name has no ":", so the last one separates):
 * apps never share one, and `PUBLISH ws:pusher:{appId}:{channel} <frame>` from any Redis client reaches it too.
 */
final class Fanout
{
    public function __construct(private readonly Server $server, private readonly string $prefix = 'pusher:')
    {
    }

    public function topic(App $app, string $channel): string
    {
        return $this->prefix . $app->id . ':' . $channel;
    }

    public function subscribe(Connection $c, App $app, string $channel): bool
    {
        return $c->subscribe($this->topic($app, $channel));
    }

    public function unsubscribe(Connection $c, App $app, string $channel): bool
    {
        return $c->unsubscribe($this->topic($app, $channel));
    }

    /**
     * One frame to every subscriber of the channel across the cluster, except the given connections or socket ids
     * ("node.id"). Returns how many connections of this process took it.
     *
     * @param list<Connection|string> $except
     */
    public function publish(App $app, string $channel, string $frame, array $except = []): int
    {
        return $this->server->publish($this->topic($app, $channel), $frame, false, $except === [] ? null : $except);
    }

    /** The Pusher socket id of a connection: its cluster-wide id, "{nodeId}.{connectionId}". */
    public function socketId(Connection $c): string
    {
        return $c->getClusterId();
    }
}
