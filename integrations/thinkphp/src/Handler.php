<?php

declare(strict_types=1);

namespace WebSocket\Think;

use think\Event as Events;
use think\Request;

/**
 * The default handler: the connections' events as ThinkPHP events, in think-swoole's shape: websocket.Open
 * (think\Request), websocket.Message (Frame, every message), websocket.Event (Event, after websocket.Message for a
 * text message that is JSON {"type": ..., "data": ...}), websocket.Close (Close).
 */
class Handler implements HandlerInterface
{
    public function __construct(protected Events $event)
    {
    }

    public function onOpen(Request $request): void
    {
        $this->event->trigger('websocket.Open', $request);
    }

    public function onMessage(Frame $frame): void
    {
        $this->event->trigger('websocket.Message', $frame);
        if (!$frame->binary && ($event = Event::decode($frame->data)) !== null) {
            $this->event->trigger('websocket.Event', $event);
        }
    }

    public function onClose(Close $close): void
    {
        $this->event->trigger('websocket.Close', $close);
    }
}
