--TEST--
Connection::getHeaders(): names in lower case, repeated headers joined with ', ', cookies joined with '; ' and visible
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
    $h = $c->getHeaders();
    ksort($h);
    foreach ($h as $k => $v) {
        echo "server: $k: $v\n";
    }
    echo "server: getHeader('cookie') ", var_export($c->getHeader('cookie'), true), "\n";
    echo "server: getHeader('x-dup') ", var_export($c->getHeader('x-dup'), true), "\n";
    echo "server: getHeader('x-missing') ", var_export($c->getHeader('x-missing'), true), "\n";
});
PHP);
$ws = wst_connect($srv['port'], '/', [
    'Host' => 'example.com:8080',
    'Sec-WebSocket-Key' => 'AQIDBAUGBwgJCgsMDQ4PEA==',
    'X-Custom' => 'Value One',
    'Cookie: a=1',
    'Cookie: b=2',
    'X-Dup: 1',
    'X-Dup: 2',
    'USER-AGENT: wst/1',
]);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: connection: Upgrade
server: cookie: a=1; b=2
server: host: example.com:8080
server: sec-websocket-key: AQIDBAUGBwgJCgsMDQ4PEA==
server: sec-websocket-version: 13
server: upgrade: websocket
server: user-agent: wst/1
server: x-custom: Value One
server: x-dup: 1, 2
server: getHeader('cookie') 'a=1; b=2'
server: getHeader('x-dup') '1, 2'
server: getHeader('x-missing') NULL
server: close 1 1000 ''
server: run returned
