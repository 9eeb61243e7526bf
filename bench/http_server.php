<?php
// The server of bench/http.sh: plain HTTP through onRequest (a PHP callback answering a 3-byte body, the same
// bytes as the health path's answer), health_path and metrics_path answered in C, and an echo onMessage for
// the WebSocket load under which the metrics are scraped. It counts its own PHP callbacks, and when run()
// returns (SIGTERM: a graceful stop) writes them with getStats() to COUNTS_FILE as JSON, so that bench/http.sh
// can show how many PHP calls the health checks and scrapes caused (none).
//   php -d extension=modules/websocket.so bench/http_server.php PORT COUNTS_FILE
$port = (int) ($argv[1] ?? 8080);
$countsFile = $argv[2] ?? null;
if ($countsFile === null) {
    fwrite(STDERR, "usage: http_server.php PORT COUNTS_FILE\n");
    exit(2);
}

$server = new WebSocket\Server('127.0.0.1', $port, [
    'max_connections' => 10000,
    'health_path' => '/health',
    'metrics_path' => '/metrics',
]);

$onRequest = 0;
$onMessage = 0;
$onOpen = 0;
$onClose = 0;

$server->onRequest(function (WebSocket\Request $req, WebSocket\Response $res) use (&$onRequest) {
    $onRequest++;
    $res->setHeader('Content-Type', 'text/plain; charset=utf-8');
    $res->end("ok\n");
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use (&$onMessage) {
    $onMessage++;
    $c->send($data, $binary);
});
$server->onOpen(function (WebSocket\Connection $c) use (&$onOpen) {
    $onOpen++;
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use (&$onClose) {
    $onClose++;
});

echo 'READY ', $server->getPort(), "\n";
$server->run();

file_put_contents($countsFile, json_encode([
    'php_calls' => ['onRequest' => $onRequest, 'onMessage' => $onMessage, 'onOpen' => $onOpen, 'onClose' => $onClose],
    'stats' => $server->getStats(),
], JSON_PRETTY_PRINT) . "\n");
