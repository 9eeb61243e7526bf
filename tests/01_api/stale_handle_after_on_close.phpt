--TEST--
Connection: a handle kept after onClose is safe: send/ping false, isOpen false, close() no effect, getters keep their values (the same as in onClose)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server) {
    echo "server: in onClose: isOpen ", var_export($c->isOpen(), true), ", send ", var_export($c->send('x'), true), "\n";
    // In onClose the getters still ask the engine; afterwards they answer from what the handle kept.
    $getters = fn () => [$c->getRemoteAddress(), $c->getRemotePort(), $c->getSubprotocol(), $c->getExtensions(),
                         $c->getRtt(), $c->getHeaders(), $c->getPath(), $c->getQuery(), $c->getClusterId()];
    $live = $getters();
    $server->after(50, function () use ($c, $server, $getters, $live) {
        echo "server: stale send ", var_export($c->send('x'), true), "\n";
        echo "server: stale binary send ", var_export($c->send('x', true), true), "\n";
        echo "server: stale ping ", var_export($c->ping('p'), true), "\n";
        echo "server: stale isOpen ", var_export($c->isOpen(), true), "\n";
        $c->close(1000, 'again');
        echo "server: stale close() returned\n";
        echo "server: stale id {$c->id} path ", $c->getPath(), " query ", $c->getQuery(), " host ", $c->getHeader('host'), "\n";
        echo "server: stale remote ", $c->getRemoteAddress(), " subprotocol ", var_export($c->getSubprotocol(), true), "\n";
        echo "server: stale buffered amount is int: ", var_export(is_int($c->getBufferedAmount()), true), "\n";
        echo "server: stale getters equal the ones in onClose: ", var_export($getters() === $live, true), ", port > 0: ", var_export($live[1] > 0, true), "\n";
        echo "server: getConnection({$c->id}) ", var_export($server->getConnection($c->id), true), ", count ", count($server), "\n";
        $server->stop();
    });
});
PHP);
$ws = wst_connect($srv['port'], '/stale?q=1');
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: in onClose: isOpen false, send false
server: stale send false
server: stale binary send false
server: stale ping false
server: stale isOpen false
server: stale close() returned
server: stale id 1 path /stale query q=1 host 127.0.0.1
server: stale remote 127.0.0.1 subprotocol NULL
server: stale buffered amount is int: true
server: stale getters equal the ones in onClose: true, port > 0: true
server: getConnection(1) NULL, count 0
server: run returned
