--TEST--
TLS: a graceful stop closes a client still in its TLS handshake at once (there is no session to answer 503 on), so run() returns without waiting for close_timeout
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';

$c = wst_tls_certs(['ec']);
$srv = wst_spawn_server(str_replace(['CRT', 'KEY'], [$c['ec_crt'], $c['ec_key']], <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['tls' => ['cert' => 'CRT', 'key' => 'KEY'], 'close_timeout' => 10000,
    'handshake_timeout' => 10000]);
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $server->stop();
    echo "server: stop() asked\n";
});
echo 'READY ', $server->getPort(), "\n";
$t = microtime(true);
$server->run();
echo 'server: run returned within 2 s: ', json_encode(microtime(true) - $t < 2 * WST_SLOW + 1), "\n";
PHP));
$stalled = wst_tcp($srv['port']);
wst_write($stalled, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"); /* a ClientHello begun, never finished */
$ws = wst_tls_connect($srv['port'], $c['ca']);
wst_send($ws, WST_TEXT, 'stop');
wst_expect($ws);
wst_send_close($ws, 1001);
wst_expect_eof($ws);
echo 'the stalled handshake: closed: ', json_encode(wst_wait_eof($stalled, 3.0)), "\n";
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
the stalled handshake: closed: true
--- server ---
server: stop() asked
server: run returned within 2 s: true
