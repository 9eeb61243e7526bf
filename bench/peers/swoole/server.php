<?php
// Swoole 6 (a C/C++ PHP extension) as a peer for bench/compare.sh, written the way its manual shows a
// WebSocket server.
//   php -d extension=/path/to/swoole.so server.php echo|broadcast PORT
//
// Swoole\WebSocket\Server in SWOOLE_BASE mode with worker_num = 1: one process that accepts, runs the
// reactor and the PHP callbacks (no separate master, manager or reactor threads). Everything else is Swoole's
// default (callbacks run in coroutines, enable_coroutine = true; no compression, Swoole's default for a
// server) except these, set to the extension's defaults: messages up to 16 MiB (package_max_length),
// log level WARNING.
// echo: $server->push($frame->fd, $frame->data, $frame->opcode): every message goes back as it came.
// broadcast: every text message is pushed to every established connection, the sender included
// (foreach $server->connections with isEstablished(), the manual's fan-out).

if ($argc !== 3 || !in_array($argv[1], ['echo', 'broadcast'], true) || !ctype_digit($argv[2])) {
    fwrite(STDERR, "usage: php -d extension=swoole.so server.php echo|broadcast PORT\n");
    exit(2);
}
if (!extension_loaded('swoole')) {
    fwrite(STDERR, "server.php: the swoole extension is not loaded\n");
    exit(2);
}
[, $mode, $port] = $argv;

$server = new Swoole\WebSocket\Server('127.0.0.1', (int) $port, SWOOLE_BASE);
$server->set([
    'worker_num' => 1,
    'package_max_length' => 16 * 1024 * 1024,
    'log_level' => SWOOLE_LOG_WARNING,
]);

if ($mode === 'echo') {
    $server->on('message', static function (Swoole\WebSocket\Server $server, Swoole\WebSocket\Frame $frame): void {
        $server->push($frame->fd, $frame->data, $frame->opcode);
    });
} else {
    $server->on('message', static function (Swoole\WebSocket\Server $server, Swoole\WebSocket\Frame $frame): void {
        if ($frame->opcode !== WEBSOCKET_OPCODE_TEXT) {
            return;
        }
        foreach ($server->connections as $fd) {
            if ($server->isEstablished($fd)) {
                $server->push($fd, $frame->data);
            }
        }
    });
}

$server->start();
