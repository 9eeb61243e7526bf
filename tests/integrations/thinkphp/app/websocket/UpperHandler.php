<?php

namespace app\websocket;

use think\Request;
use WebSocket\Think\Close;
use WebSocket\Think\Frame;
use WebSocket\Think\HandlerInterface;
use WebSocket\Think\Websocket;

/** A handler of the app's own (config websocket.handler): answers every message in upper case. */
class UpperHandler implements HandlerInterface
{
    public function __construct(private Websocket $websocket)
    {
    }

    public function onOpen(Request $request): void
    {
        $this->websocket->push('hello ' . $request->get('name', 'nobody'));
    }

    public function onMessage(Frame $frame): void
    {
        $this->websocket->push(strtoupper($frame->data));
    }

    public function onClose(Close $close): void
    {
    }
}
