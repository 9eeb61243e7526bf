--TEST--
Handshake: the RFC 6455 sample request gets exactly the sample 101 response, byte for byte, with subprotocol chat
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['subprotocols' => ['chat']], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open subprotocol ", var_export($c->getSubprotocol(), true), " origin ", $c->getHeader('origin'), "\n";
});
PHP);
$request = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    . "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n"
    . "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";
$expected = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    . "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";
$resp = wst_handshake_raw($srv['port'], $request, $ws);
echo "-> seed request\n";
echo $resp === $expected ? "<- exactly the seed response\n" : "<- DIFFERENT response:\n" . str_replace("\r\n", "\\r\\n\n", $resp);
echo 'no bytes after the head: ', $ws->buf === '' ? 'yes' : 'no', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
-> seed request
<- exactly the seed response
no bytes after the head: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open subprotocol 'chat' origin http://example.com
server: close 1 1000 ''
server: run returned
