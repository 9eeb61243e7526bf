<?php

namespace app\listener;

use WebSocket\Think\Event;
use WebSocket\Think\Websocket;

/** {"type": ..., "data": ...} events: the room operations the scenario drives. */
class WsEvent
{
    public function __construct(private Websocket $websocket)
    {
    }

    public function handle(Event $event): void
    {
        $ws = $this->websocket;
        $d = $event->data;
        switch ($event->type) {
            case 'join':
                $ws->join(...(array) $d);
                $ws->emit('rooms', $ws->getRooms());
                break;
            case 'leave':
                $ws->leave(...(array) $d);
                $ws->emit('rooms', $ws->getRooms());
                break;
            case 'say':        // to every member of the room, the sender too if it is one
                $ws->to($d['room'])->emit('said', ['from' => $ws->getSender(), 'text' => $d['text']]);
                break;
            case 'shout':      // to the members but the sender
                $ws->broadcast()->to($d['room'])->emit('shouted', ['from' => $ws->getSender(), 'text' => $d['text']]);
                break;
            case 'announce':   // to everyone but the sender, every worker, every node
                $ws->broadcast()->emit('announced', ['from' => $ws->getSender(), 'text' => $d]);
                break;
            case 'whisper':    // to one client, by id, on whichever worker or node it is
                $ws->toClient($d['to'])->emit('whispered', ['from' => $ws->getSender(), 'text' => $d['text']]);
                break;
            case 'count':
                $ws->emit('count', $ws->count($d));
                break;
            case 'sleep':      // keeps this worker busy, so the next connections go to the other one
                usleep((int) $d * 1000);
                $ws->emit('slept', getmypid());
                break;
            case 'mem':        // this worker's PHP memory, for the leak check
                gc_collect_cycles();
                $ws->emit('mem', ['pid' => getmypid(), 'bytes' => memory_get_usage()]);
                break;
            case 'bye':
                $ws->close(4000, 'bye');
                break;
            case 'boom':
                throw new \RuntimeException('boom from a listener');
        }
    }
}
