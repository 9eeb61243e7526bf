<?php

declare(strict_types=1);

namespace WebSocket\Think;

use think\Request;

/**
 * The connections' events, for config('websocket.handler') (resolved from the container in each worker). While
 * one of these runs, the Websocket service's sender is the connection concerned.
 */
interface HandlerInterface
{
    /** A client connected; $request is its upgrade request (path, query, headers, cookies). */
    public function onOpen(Request $request): void;

    public function onMessage(Frame $frame): void;

    /** The client is gone; it has left every room already. */
    public function onClose(Close $close): void;
}
