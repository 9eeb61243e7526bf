<?php

declare(strict_types=1);

namespace WebSocket\Think\facade;

use think\Facade;

/**
 * `Websocket::to('room')->emit('event', $data)` from a controller, a queue job or a listener.
 *
 * @see \WebSocket\Think\Websocket
 * @method static \WebSocket\Think\Emitter to(string ...$rooms)
 * @method static \WebSocket\Think\Emitter toClient(string ...$clientIds)
 * @method static \WebSocket\Think\Emitter broadcast()
 * @method static \WebSocket\Think\Websocket join(string ...$rooms)
 * @method static \WebSocket\Think\Websocket leave(string ...$rooms)
 * @method static list<string> getRooms()
 * @method static ?string getSender()
 * @method static bool emit(string $event, mixed $data = null)
 * @method static bool push(mixed $data, bool $binary = false)
 * @method static bool close(int $code = 1000, string $reason = '')
 */
class Websocket extends Facade
{
    protected static function getFacadeClass()
    {
        return \WebSocket\Think\Websocket::class;
    }
}
