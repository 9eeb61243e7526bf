<?php
// The HTTP API through pusher-php-server, as Laravel's broadcast driver would call it:
//   php api-query.php APP_DIR PORT users CHANNEL | channels PREFIX | channel CHANNEL | connections | terminate USER
// Prints the answer as JSON, or "error: ..." with exit status 1.
require $argv[1] . '/vendor/autoload.php';
$p = new Pusher\Pusher('app-key', 'app-secret', '123456', ['host' => '127.0.0.1', 'port' => (int) $argv[2], 'scheme' => 'http', 'useTLS' => false, 'timeout' => 10]);
try {
    $r = match ($argv[3]) {
        'users' => $p->getPresenceUsers($argv[4]),
        'channels' => $p->getChannels(['filter_by_prefix' => $argv[4], 'info' => str_starts_with($argv[4], 'presence-') ? 'user_count' : 'subscription_count']),
        'channel' => $p->getChannelInfo($argv[4], ['info' => 'subscription_count' . (str_starts_with($argv[4], 'presence-') ? ',user_count' : '')]),
        'connections' => $p->get('/connections'),
        'terminate' => $p->terminateUserConnections($argv[4]),
    };
    echo json_encode($r), "\n";
} catch (Throwable $e) {
    echo 'error: ', get_class($e), ': ', $e->getMessage(), "\n";
    exit(1);
}
