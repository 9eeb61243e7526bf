--TEST--
TLS: wss:// echo with an RSA and an ECDSA certificate (made by the openssl command for this test), a 64 KiB message across records, getTlsInfo() (version, ALPN http/1.1, no client certificate), and a plain listener beside the TLS one
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';

$certs = wst_tls_certs(['rsa', 'ec']);
foreach (['rsa', 'ec'] as $kind) {
    echo "== $kind\n";
    $tls = ['cert' => $certs["{$kind}_crt"], 'key' => $certs["{$kind}_key"]];
    $srv = wst_echo_server(['tls' => $tls], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    $i = $c->getTlsInfo();
    wst_say($c->id, "server: open {$c->id} " . ($i === null ? 'plain' : "{$i['version']} alpn=" . var_export($i['alpn'], true)
        . ' resumed=' . var_export($i['resumed'], true) . ' peer=' . var_export($i['peer_subject'], true)) . "\n");
});
$plain = $server->listen('127.0.0.1', 0, ['tls' => false]);
echo "PLAIN $plain\n";
PHP, 2);
    preg_match('/PLAIN (\d+)/', $srv['stdout'], $m);
    $srv['stdout'] = preg_replace('/PLAIN \d+\n/', '', $srv['stdout']);
    $ws = wst_tls_connect($srv['port'], $certs['ca'], ['alpn_protocols' => 'h2,http/1.1']);
    echo 'server certificate CN: ', wst_tls_server_cn($ws), "\n";
    wst_send($ws, WST_TEXT, 'hello over TLS');
    wst_expect($ws);
    $big = str_repeat(random_bytes(1024), 64);
    wst_send($ws, WST_BINARY, $big);
    $f = wst_recv_frame($ws);
    echo '<- binary ', strlen($f['payload']), ' bytes, ', $f['payload'] === $big ? 'same' : 'DIFFERENT', "\n";
    wst_close_cleanly($ws);
    $p = wst_connect((int) $m[1]);
    wst_send($p, WST_TEXT, 'plain on the other listener');
    wst_expect($p);
    wst_close_cleanly($p);
    wst_finish($srv);
}
?>
--EXPECTF--
== rsa
<- 101 Switching Protocols
server certificate CN: localhost
-> text fin=1 masked len=14
<- text fin=1 len=14 'hello over TLS'
-> binary fin=1 masked len=65536
<- binary 65536 bytes, same
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=27
<- text fin=1 len=27 'plain on the other listener'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1 TLSv1.3 alpn='http/1.1' resumed=false peer=NULL
server: close 1 1000 ''
server: open 2 plain
server: close 2 1000 ''
server: run returned
== ec
<- 101 Switching Protocols
server certificate CN: localhost
-> text fin=1 masked len=14
<- text fin=1 len=14 'hello over TLS'
-> binary fin=1 masked len=65536
<- binary 65536 bytes, same
-> close 1000 ''
<- close 1000 ''
<- EOF
<- 101 Switching Protocols
-> text fin=1 masked len=27
<- text fin=1 len=27 'plain on the other listener'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1 TLSv1.3 alpn='http/1.1' resumed=false peer=NULL
server: close 1 1000 ''
server: open 2 plain
server: close 2 1000 ''
server: run returned
