<?php
// config/websocket.php: `php think websocket` (ext-websocket/think-websocket). Published by `php think vendor:publish`
// when the package is installed. Every value can come from .env (`WEBSOCKET_PORT = 9502`) or from the process
// environment (`PHP_WEBSOCKET_PORT=9502`), ThinkPHP's env() rules.

return [
    // Where the server listens: an address (0.0.0.0, 127.0.0.1 behind nginx, ::), or unix:///path/to.sock.
    'host'     => env('WEBSOCKET_HOST', '127.0.0.1'),
    'port'     => (int) env('WEBSOCKET_PORT', '9502'),

    // Processes serving the port: 1 (one process) or 2 and more (a master and that many workers; rooms still reach
    // every member, through the extension's IPC between workers).
    'workers'  => (int) env('WEBSOCKET_WORKERS', '1'),

    // Redis, for rooms across several machines (nodes) and for pushing from PHP-FPM, queue jobs and commands
    // (`Websocket::to('room')->emit(...)` outside the server). null: one node, no push from outside the server.
    // Keys: host and port, or socket (a unix socket path); password, database, prefix (channel prefix, 'ws:' by
    // default: a room `chat` is the channel `ws:room:chat`), timeout (seconds, for the pushing side).
    'redis'    => env('WEBSOCKET_REDIS_HOST') === null ? null : [
        'host'     => env('WEBSOCKET_REDIS_HOST'),
        'port'     => (int) env('WEBSOCKET_REDIS_PORT', '6379'),
        'password' => env('WEBSOCKET_REDIS_PASSWORD', null),
        'database' => (int) env('WEBSOCKET_REDIS_DATABASE', '0'),
        'prefix'   => env('WEBSOCKET_REDIS_PREFIX', 'ws:'),
    ],

    // With redis: count() adds up the room members of every node. Each server process reports its rooms' counts to
    // Redis every 2 s under a 6 s TTL (a node that dies stops counting within 6 s; nothing of another node is ever
    // removed). Needs phpredis or predis/predis in the server's PHP; false: count() is this node's only.
    'presence' => true,

    // This node's id, the first part of every client id ("{node}.{connection}"). null: a random one per start,
    // which is what several nodes need to never collide; set it only to pin ids for debugging.
    'node_id'  => null,

    // The class that gets the connections' events, resolved from the container. The default one turns them into
    // the events websocket.Open (a think\Request), websocket.Message (WebSocket\Think\Frame), websocket.Event
    // (WebSocket\Think\Event, for text messages that are JSON {"type": ..., "data": ...}) and websocket.Close
    // (WebSocket\Think\Close). A class of your own implements WebSocket\Think\HandlerInterface.
    'handler'  => env('WEBSOCKET_HANDLER', \WebSocket\Think\Handler::class),

    // Listeners of those events: 'Open' => [\app\listener\WsOpen::class], 'Event' => [...], ... (the same as
    // listing 'websocket.Open' etc. in app/event.php). A listener gets the WebSocket\Think\Websocket service by
    // injection: $websocket->getSender(), join(), leave(), to(...)->emit(), push(), close().
    'listen'   => [],

    // The pid file `php think websocket stop|reload|restart|status` read (written by start).
    'pid_file' => env('WEBSOCKET_PID_FILE', runtime_path() . 'websocket.pid'),

    // Every other option of WebSocket\Server, as the extension's README lists them (path, origins, subprotocols,
    // ping_interval, idle_timeout, max_message_size, max_connections, shutdown_timeout, health_path, ...).
    'options'  => [
        'path'             => null,
        'origins'          => null,
        'shutdown_timeout' => 5000,
    ],
];
