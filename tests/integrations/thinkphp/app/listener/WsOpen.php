<?php

namespace app\listener;

use think\Request;
use WebSocket\Think\Websocket;

/** Joins ?room=..., then tells the client what the server saw of it. */
class WsOpen
{
    public function __construct(private Websocket $websocket)
    {
    }

    public function handle(Request $request): void
    {
        $room = (string) $request->get('room', '');
        if ($room !== '') {
            $this->websocket->join($room);
        }
        $this->websocket->emit('welcome', [
            'id'     => $this->websocket->getSender(),
            'node'   => $this->websocket->getNodeId(),
            'pid'    => getmypid(),
            'path'   => $request->pathinfo(),
            'user'   => $request->get('user'),
            'cookie' => $request->cookie('sid'),
            'header' => $request->header('x-test'),
            'ip'     => $request->ip(),
            'rooms'  => $this->websocket->getRooms(),
            'auth'   => $this->websocket->getConnection()?->data,
        ]);
    }
}
