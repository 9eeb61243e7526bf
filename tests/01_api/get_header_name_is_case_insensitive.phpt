--TEST--
Connection::getHeader(): header names match case-insensitively (HTTP field names are case-insensitive)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    foreach (['x-custom', 'X-Custom', 'X-CUSTOM', 'Sec-WebSocket-Version'] as $n) {
        echo "server: getHeader('$n') ", var_export($c->getHeader($n), true), "\n";
    }
});
PHP);
$ws = wst_connect($srv['port'], '/', ['x-CuStOm' => 'v']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: getHeader('x-custom') 'v'
server: getHeader('X-Custom') 'v'
server: getHeader('X-CUSTOM') 'v'
server: getHeader('Sec-WebSocket-Version') '13'
server: close 1 1000 ''
server: run returned
