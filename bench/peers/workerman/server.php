<?php
// Workerman 5 (pure PHP) as a peer for bench/compare.sh, written the way its manual shows a WebSocket server.
//   php server.php echo|broadcast PORT WORKERMAN_SRC_DIR
// WORKERMAN_SRC_DIR is the src/ folder of the Workerman release (bench/compare.sh unpacks it into its cache
// directory); a small PSR-4 autoloader stands in for Composer.
//
// One Worker on websocket://127.0.0.1:PORT with count = 1: Workerman forks one worker process from its
// master, and that worker runs the event loop (compare.sh measures the worker, not the master). Without the
// event extension (not packaged for Debian) the loop is Workerman's Select: stream_select(), so at most
// 1,024 descriptors.
// echo: every message goes back. Workerman does not tell the callback a message's opcode, and sends with the
// connection's websocketType; wsload's echo sends binary frames, so the echo server sets
// BINARY_TYPE_ARRAYBUFFER on connect (the manual's way to answer binary).
// broadcast: every message is sent to every connection of the worker, the sender included
// (foreach $worker->connections, the manual's fan-out); text frames, the default type.
// Limits as the extension's defaults: messages up to 16 MiB, 16 MiB of send buffer per connection.

use Workerman\Connection\TcpConnection;
use Workerman\Protocols\Websocket;
use Workerman\Worker;

if ($argc !== 4 || !in_array($argv[1], ['echo', 'broadcast'], true) || !ctype_digit($argv[2]) || !is_dir($argv[3])) {
    fwrite(STDERR, "usage: php server.php echo|broadcast PORT WORKERMAN_SRC_DIR\n");
    exit(2);
}
[, $mode, $port, $src] = $argv;
$src = rtrim(realpath($src), '/');
spl_autoload_register(static function (string $class) use ($src): void {
    if (str_starts_with($class, 'Workerman\\')) {
        $file = $src . '/' . str_replace('\\', '/', substr($class, strlen('Workerman\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

// Workerman keeps its pid, status and log files next to the start file unless told otherwise: keep them out
// of the repository, one set per port so that two servers can run at once.
$tmp = sys_get_temp_dir() . "/wsbench-workerman-$port";
Worker::$pidFile = "$tmp.pid";
Worker::$statusFile = "$tmp.status";
Worker::$logFile = '/dev/null'; // its log lines still go to stdout
Worker::$command = 'start'; // the foreground start; our own arguments are not Workerman commands

TcpConnection::$defaultMaxPackageSize = 16 * 1024 * 1024;
TcpConnection::$defaultMaxSendBufferSize = 16 * 1024 * 1024;

$worker = new Worker("websocket://127.0.0.1:$port");
$worker->count = 1;
$worker->name = "wsbench-$mode";

if ($mode === 'echo') {
    $worker->onConnect = static function (TcpConnection $c): void {
        $c->websocketType = Websocket::BINARY_TYPE_ARRAYBUFFER;
    };
    $worker->onMessage = static function (TcpConnection $c, string $data): void {
        $c->send($data);
    };
} else {
    $worker->onMessage = static function (TcpConnection $c, string $data) use ($worker): void {
        foreach ($worker->connections as $to) {
            $to->send($data);
        }
    };
}

Worker::runAll();
