<?php
// The server of bench/workers.sh: one process, or a master and WS_WORKERS workers (the `workers` option).
//   WS_WORKERS=N WORK_US=U php -d extension=modules/websocket.so bench/workers_server.php PORT [echo|broadcast]
// echo: every message comes back, after U microseconds of PHP work (a busy loop; 0 by default) standing for an
// application's own work per message. broadcast: every text message is broadcast to every open connection, the
// sender included (with workers: of every worker, the other workers' through the master).
$port = (int) ($argv[1] ?? 8080);
$mode = $argv[2] ?? 'echo';
$workers = (int) (getenv('WS_WORKERS') ?: 1);
$work = (int) (getenv('WORK_US') ?: 0);
$options = ['max_connections' => 20000, 'max_message_size' => 64 << 20, 'max_buffered' => 64 << 20];
if ($workers > 1) {
    $options['workers'] = $workers;
}
$server = new WebSocket\Server('127.0.0.1', $port, $options);
if ($mode === 'broadcast') {
    $server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server): void {
        if (!$binary) {
            $server->broadcast($data);
        }
    });
} else {
    $server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($work): void {
        if ($work > 0) {
            $end = hrtime(true) + $work * 1000;
            while (hrtime(true) < $end) {
            }
        }
        $c->send($data, $binary);
    });
}
echo "READY $port\n";
$server->run();
