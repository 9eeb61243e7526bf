<?php
/*
 * tests/packaging/headers_server.php [port]: answers every connection with one text message, the JSON of what
 * the server saw of the client (its address, and the headers a reverse proxy adds), then closes it with 1000.
 * Prints "READY <port>"; SIGTERM stops it. tests/packaging/run.sh runs it behind nginx, which is on 127.0.0.1
 * and trusted as a proxy: the client's address is read from the X-Forwarded-For nginx sets.
 */
declare(strict_types=1);

$server = new WebSocket\Server('127.0.0.1', (int) ($argv[1] ?? 0), ['trusted_proxies' => ['127.0.0.1']]);
$server->onOpen(static function (WebSocket\Connection $c): void {
    $c->send(json_encode([
        'remote_address' => $c->getRemoteAddress(),
        'x-forwarded-for' => $c->getHeader('x-forwarded-for'),
        'x-real-ip' => $c->getHeader('x-real-ip'),
        'x-forwarded-proto' => $c->getHeader('x-forwarded-proto'),
        'host' => $c->getHeader('host'),
    ], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
    $c->close(WebSocket\CloseCode::Normal, 'seen');
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
