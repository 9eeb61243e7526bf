<?php

/*
 * ext-websocket for Laravel: `php artisan websocket:serve`.
 *
 * The environment keys are Reverb's, so an app that runs `reverb:start` today switches by configuration alone:
 * REVERB_APP_ID/KEY/SECRET name the app, REVERB_SERVER_HOST/PORT/PATH where the server listens, and
 * REVERB_HOST/PORT/SCHEME where browsers and the HTTP API reach it (Laravel's own `reverb` broadcast connection
 * reads those; they are here for websocket:serve to print).
 */

return [

    // 'broadcasting': the Pusher protocol for Echo and the `reverb`/`pusher` broadcast drivers.
    // 'handler': your own class (below) on handler.path. 'both': the two on one port.
    'mode' => env('WEBSOCKET_MODE', 'broadcasting'),

    'server' => [
        'host' => env('REVERB_SERVER_HOST', '0.0.0.0'),
        'port' => (int) env('REVERB_SERVER_PORT', 8080),
        'path' => env('REVERB_SERVER_PATH', ''),
        // 2 or more: a master forks that many workers (needs redis below for presence and channel state);
        // websocket:reload then replaces them one at a time with freshly booted ones.
        'workers' => (int) env('WEBSOCKET_WORKERS', 1),
        'pid_file' => env('WEBSOCKET_PID_FILE', storage_path('framework/websocket.pid')),
        // Any other WebSocket\Server option (see the extension's README): limits, timeouts, trusted_proxies...
        'options' => [
            'max_connections' => (int) env('WEBSOCKET_MAX_CONNECTIONS', 10000),
            'max_message_size' => (int) env('WEBSOCKET_MAX_MESSAGE_SIZE', 65536),
            'health_path' => '/health',
        ],
    ],

    // Where clients and the HTTP API reach the server (what config/broadcasting.php's `reverb` connection uses).
    'public' => [
        'host' => env('REVERB_HOST', '127.0.0.1'),
        'port' => (int) env('REVERB_PORT', 8080),
        'scheme' => env('REVERB_SCHEME', 'http'),
    ],

    // Several servers (and workers) as one: frames through the extension's Redis link, presence and channel
    // state through this Redis. A node that dies has its presence members removed by the others after
    // node_timeout (+ one tick_interval), one that stops gracefully after stop_grace; in milliseconds.
    'redis' => [
        'enabled' => (bool) env('REVERB_SCALING_ENABLED', false),
        'host' => env('REDIS_HOST', '127.0.0.1'),
        'port' => (int) env('REDIS_PORT', 6379),
        'password' => env('REDIS_PASSWORD'),
        'database' => (int) env('WEBSOCKET_REDIS_DB', 0),
        'prefix' => env('WEBSOCKET_REDIS_PREFIX', 'ws:'),
        'node_timeout' => (int) env('WEBSOCKET_NODE_TIMEOUT', 10000),
        'tick_interval' => (int) env('WEBSOCKET_TICK_INTERVAL', 2000),
        // After a graceful stop begins (deploy, websocket:reload), how long its presence members stay before the
        // others remove them: clients reconnect elsewhere within it and nobody sees them leave and come back.
        // null: half of node_timeout, at most 3000 ms.
        'stop_grace' => env('WEBSOCKET_STOP_GRACE'),
    ],

    'apps' => [
        [
            'id' => env('REVERB_APP_ID'),
            'key' => env('REVERB_APP_KEY'),
            'secret' => env('REVERB_APP_SECRET'),
            'allowed_origins' => ['*'],
            'activity_timeout' => 30,
            'max_connections' => null,
            'accept_client_events_from' => 'members',
            'max_event_size' => 10240,
            // client events per second per connection (Pusher's limit); 0: none
            'client_event_rate' => 10,
        ],
    ],

    // HTTP API: how far auth_timestamp may be from the server's clock (seconds; 0: unchecked, as Reverb).
    'max_timestamp_skew' => 600,

    'handler' => [
        // A class of the app with onOpen(Connection $c, ?Authenticatable $user), onMessage(Connection $c,
        // string $data, bool $binary) and onClose(Connection $c, int $code, string $reason); resolved from the
        // container once per worker. Optional: authorize(Illuminate\Http\Request $r, ?Authenticatable $user): bool
        // (false answers 403 before the upgrade).
        'class' => env('WEBSOCKET_HANDLER'),
        'path' => env('WEBSOCKET_HANDLER_PATH', '/ws'),
        // Who the user is, at handshake time: a Sanctum token (Authorization: Bearer, or ?token=) and/or the
        // session cookie of these guards' session. No user and 'required': 401 before the upgrade.
        'auth' => [
            'required' => (bool) env('WEBSOCKET_AUTH_REQUIRED', true),
            'session_guard' => 'web',
            'sanctum' => true,
        ],
    ],
];
