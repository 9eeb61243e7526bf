<?php
// The test app's events (replaces the skeleton's app/event.php): the websocket.* listeners.
return [
    'bind'      => [],
    'listen'    => [
        'websocket.Handshake' => [\app\listener\WsHandshake::class],
        'websocket.Open'    => [\app\listener\WsOpen::class],
        'websocket.Message' => [\app\listener\WsMessage::class],
        'websocket.Event'   => [\app\listener\WsEvent::class],
        'websocket.Close'   => [\app\listener\WsClose::class],
    ],
    'subscribe' => [],
];
