<?php

declare(strict_types=1);

namespace WebSocket\Pusher;

use WebSocket\Connection;
use WebSocket\Server;

/**
 * Where a channel's frames go: the extension's topics. A frame is encoded once by the caller and published once;
 * the extension sends it to the subscribers in this process, in the other workers and, with its `redis` option,
 * on the other nodes. The topic of a channel is "{prefix}{appId}:{channel}" (a channel name has no ":", so the
 * last one separates), so apps never share one; `PUBLISH ws:pusher:{appId}:{channel} <frame>` reaches it too.
 *
 * INTERIM until the topics land on main: without Connection::subscribe() the subscribers of this process are kept
 * here and a publish walks that channel's subscribers (one process only). Removed when topics land.
 */
final class Fanout
{
    /** @var array<string, array<int, Connection>> interim only */
    private array $local = [];
    private int $interimNodeId;

    public function __construct(private readonly Server $server, private readonly string $prefix = 'pusher:')
    {
        $this->interimNodeId = random_int(1, 999999999);
    }

    public function topic(App $app, string $channel): string
    {
        return $this->prefix . $app->id . ':' . $channel;
    }

    public function subscribe(Connection $c, App $app, string $channel): bool
    {
        $t = $this->topic($app, $channel);
        if (method_exists($c, 'subscribe')) {
            return $c->subscribe($t);
        }
        if (isset($this->local[$t][$c->id])) {
            return false;
        }
        $this->local[$t][$c->id] = $c;
        return true;
    }

    public function unsubscribe(Connection $c, App $app, string $channel): bool
    {
        $t = $this->topic($app, $channel);
        if (method_exists($c, 'unsubscribe')) {
            return $c->unsubscribe($t);
        }
        if (!isset($this->local[$t][$c->id])) {
            return false;
        }
        unset($this->local[$t][$c->id]);
        if ($this->local[$t] === []) {
            unset($this->local[$t]);
        }
        return true;
    }

    /**
     * One frame to every subscriber of the channel across the cluster, except the given connections or socket ids
     * ("node.id"). Returns how many connections of this process took it.
     *
     * @param list<Connection|string> $except
     */
    public function publish(App $app, string $channel, string $frame, array $except = []): int
    {
        $t = $this->topic($app, $channel);
        if (method_exists($this->server, 'publish')) {
            return $this->server->publish($t, $frame, false, $except === [] ? null : $except);
        }
        $skip = [];
        foreach ($except as $e) {
            $skip[$e instanceof Connection ? $this->nodeId() . '.' . $e->id : $e] = true;
        }
        $n = 0;
        foreach ($this->local[$t] ?? [] as $c) {
            if (!isset($skip[$this->nodeId() . '.' . $c->id]) && $c->send($frame)) {
                $n++;
            }
        }
        return $n;
    }

    /** Subscribers of the channel on this node (every worker of this server). */
    public function localCount(App $app, string $channel): int
    {
        $t = $this->topic($app, $channel);
        if (method_exists($this->server, 'getSubscriberCount')) {
            return $this->server->getSubscriberCount($t, true);
        }
        return count($this->local[$t] ?? []);
    }

    public function nodeId(): int
    {
        return method_exists($this->server, 'getNodeId') ? $this->server->getNodeId() : $this->interimNodeId;
    }

    /** Interim only: a closing connection leaves its topics (the extension does this itself). */
    public function forget(Connection $c): void
    {
        if (method_exists($c, 'subscribe')) {
            return;
        }
        foreach ($this->local as $t => $subs) {
            if (isset($subs[$c->id])) {
                unset($this->local[$t][$c->id]);
                if ($this->local[$t] === []) {
                    unset($this->local[$t]);
                }
            }
        }
    }
}
