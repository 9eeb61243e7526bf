<?php
// The server of bench/topics.sh: every connection subscribes to the topic "bench" when it opens; every text
// message a client sends is sent on to everyone, by $server->publish('bench', $data) or by
// $server->broadcast($data) (the sender included, as wsload's broadcast mode expects).
//   [WS_WORKERS=N] [WS_REDIS_PORT=P] php -d extension=modules/websocket.so bench/topic_server.php PORT [MODE]
// MODE: publish, broadcast, or path (the default): the path the sender connected with picks it, /broadcast for
// broadcast() and anything else for publish(), so one server runs both side by side. WS_WORKERS=N (N >= 2):
// the `workers` option. WS_REDIS_PORT=P: the `redis` option, a Redis server on 127.0.0.1:P (with workers, every
// worker then delivers the other workers' publishes from Redis rather than from the master).
$port = (int) ($argv[1] ?? 8080);
$mode = $argv[2] ?? 'path';
if (!in_array($mode, ['publish', 'broadcast', 'path'], true)) {
    fwrite(STDERR, "topic_server.php: MODE is publish, broadcast or path\n");
    exit(2);
}
$workers = (int) (getenv('WS_WORKERS') ?: 1);
$redisPort = (int) (getenv('WS_REDIS_PORT') ?: 0);
$options = ['max_connections' => 20000, 'max_buffered' => 64 << 20];
if ($workers > 1) {
    $options['workers'] = $workers;
}
if ($redisPort > 0) {
    $options['redis'] = ['host' => '127.0.0.1', 'port' => $redisPort, 'prefix' => 'wsbench:'];
}
$server = new WebSocket\Server('127.0.0.1', $port, $options);
$server->onOpen(function (WebSocket\Connection $c): void {
    $c->subscribe('bench');
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server, $mode): void {
    if ($binary) {
        return;
    }
    $m = $mode === 'path' ? ($c->getPath() === '/broadcast' ? 'broadcast' : 'publish') : $mode;
    if ($m === 'broadcast') {
        $server->broadcast($data);
    } else {
        $server->publish('bench', $data);
    }
});
echo "READY $port\n";
$server->run();
