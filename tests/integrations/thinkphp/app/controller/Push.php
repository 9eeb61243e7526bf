<?php

namespace app\controller;

use think\Request;
use WebSocket\Think\facade\Websocket;

/** Pushes from an ordinary controller (served by `php think run`), through Redis to every node. */
class Push
{
    public function emit(Request $request)
    {
        $n = Websocket::to((string) $request->get('room'))->emit('pushed', (string) $request->get('text'));
        return json(['receivers' => $n]);
    }

    public function client(Request $request)
    {
        $n = Websocket::toClient((string) $request->get('id'))->push((string) $request->get('text'));
        return json(['receivers' => $n]);
    }

    public function all(Request $request)
    {
        $n = Websocket::broadcast()->emit('everyone', (string) $request->get('text'));
        return json(['receivers' => $n]);
    }

    public function count(Request $request)
    {
        return json(['count' => Websocket::count((string) $request->get('room'))]);
    }

    /** Which Redis client this PHP has: the scenario runs one `php think run` without phpredis. */
    public function driver()
    {
        return json(['phpredis' => extension_loaded('redis'), 'predis' => class_exists(\Predis\Client::class)]);
    }
}
