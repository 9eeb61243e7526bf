--TEST--
Handshake: with option origins, a missing or unlisted Origin gets 403; a listed one (any case) gets 101
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['origins' => ['http://example.com', 'https://app.example.com']], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open origin ", $c->getHeader('origin'), "\n";
});
PHP, 3);
foreach ([null, 'http://evil.example', 'http://example.com.evil.example', 'https://example.com', 'http://example.co', 'null'] as $origin) {
    $resp = wst_handshake_raw($srv['port'], wst_request('/', $origin === null ? [] : ['Origin' => $origin]), $ws);
    echo $origin ?? 'no Origin', ': ', wst_status_code($resp), "\n";
    wst_close_socket($ws);
}
foreach (['http://example.com', 'HTTP://Example.COM', 'https://app.example.com'] as $origin) {
    echo "$origin: ";
    $ws = wst_connect($srv['port'], '/', ['Origin' => $origin]);
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECTF--
no Origin: HTTP/1.1 403
http://evil.example: HTTP/1.1 403
http://example.com.evil.example: HTTP/1.1 403
https://example.com: HTTP/1.1 403
http://example.co: HTTP/1.1 403
null: HTTP/1.1 403
http://example.com: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
HTTP://Example.COM: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
https://app.example.com: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open origin http://example.com
server: close %d 1000 ''
server: open origin HTTP://Example.COM
server: close %d 1000 ''
server: open origin https://app.example.com
server: close %d 1000 ''
server: run returned
