--TEST--
TLS: plain HTTP on the TLS port gets a plain 400 saying so, garbage and a record during the handshake are closed, a client that stops mid-handshake is closed at handshake_timeout, a flood of 200 stalled handshakes is closed too, a client that rejects the expired certificate goes away: an open wss connection carries on through all of it
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';

$c = wst_tls_certs(['ec', 'expired']);
$srv = wst_echo_server(['tls' => ['cert' => $c['ec_crt'], 'key' => $c['ec_key']], 'handshake_timeout' => 500], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $c->send($data === 'failures?' ? 'tls_handshake_failures ' . $server->getStats()['tls_handshake_failures'] : $data);
});
PHP, 1, 20000);
$ws = wst_tls_connect($srv['port'], $c['ca']);

$p = wst_tcp($srv['port']);
wst_write($p, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
$resp = wst_read_head($p);
echo 'plain HTTP: ', wst_status_line($resp), ' ', json_encode(wst_fill($p, 46) ? $p->buf : $p->buf), ' then EOF: ',
    json_encode(wst_wait_eof($p)), "\n";

$g = wst_tcp($srv['port']);
wst_write($g, random_bytes(64) . "\x00");
echo 'garbage: closed: ', json_encode(wst_wait_eof($g)), "\n";

$r = wst_tcp($srv['port']);
wst_write($r, "\x17\x03\x03\x00\x20" . str_repeat("\x00", 32));
echo 'an application data record before the handshake: closed: ', json_encode(wst_wait_eof($r)), "\n";

$t0 = microtime(true);
$s = wst_tcp($srv['port']);
wst_write($s, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"); /* the start of a ClientHello, then nothing */
$closed = wst_wait_eof($s, 3.0);
$ms = (microtime(true) - $t0) * 1000;
echo 'stalled mid-handshake: closed: ', json_encode($closed), ', after handshake_timeout: ', json_encode($ms >= 400 && $ms < 2500 * WST_SLOW), "\n";

$flood = [];
for ($i = 0; $i < 200; $i++) {
    $flood[] = $f = wst_tcp($srv['port']);
    wst_write($f, "\x16\x03\x01\x02\x00\x01");
}
$n = 0;
foreach ($flood as $f) {
    $n += wst_wait_eof($f, 3.0) ? 1 : 0;
}
echo "flood of 200 stalled handshakes: $n closed\n";

echo 'client verifying against the CA, server certificate expired... ';
$srv2 = wst_echo_server(['tls' => ['cert' => $c['expired_crt'], 'key' => $c['expired_key']]], '', 1, 8000);
$x = wst_tls_tcp($srv2['port'], $c['ca'], [], true);
echo 'refused by the client: ', json_encode($x === null), "\n";
$y = wst_tls_connect($srv2['port'], $c['ca'], ['verify_peer' => false, 'verify_peer_name' => false]);
wst_close_cleanly($y);
wst_finish($srv2);

echo "the first connection still works:\n";
wst_send($ws, WST_TEXT, 'still here');
wst_expect($ws);
wst_send($ws, WST_TEXT, 'failures?'); /* plain HTTP, garbage, the early record (the stalled ones timed out) */
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
plain HTTP: HTTP/1.1 400 Bad Request "This port speaks TLS: use wss:\/\/ or https:\/\/.\n" then EOF: true
garbage: closed: true
an application data record before the handshake: closed: true
stalled mid-handshake: closed: true, after handshake_timeout: true
flood of 200 stalled handshakes: 200 closed
client verifying against the CA, server certificate expired... refused by the client: true
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 2
server: close 2 1000 ''
server: run returned
the first connection still works:
-> text fin=1 masked len=10
<- text fin=1 len=10 'still here'
-> text fin=1 masked len=9
<- text fin=1 len=24 'tls_handshake_failures 3'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
