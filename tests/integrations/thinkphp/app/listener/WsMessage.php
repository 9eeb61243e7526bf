<?php

namespace app\listener;

use WebSocket\Think\Frame;
use WebSocket\Think\Websocket;

/** Every message: the ones that are not JSON events are echoed as "echo:<text>". */
class WsMessage
{
    public function __construct(private Websocket $websocket)
    {
    }

    public function handle(Frame $frame): void
    {
        if ($frame->data === 'whoreq') {   // what request() is outside websocket.Open: not a connection's
            $this->websocket->push('req:' . json_encode(request()->get('user')));
            return;
        }
        if ($frame->binary || !str_starts_with($frame->data, '{')) {
            $this->websocket->push($frame->binary ? $frame->data : 'echo:' . $frame->data, $frame->binary);
        }
    }
}
