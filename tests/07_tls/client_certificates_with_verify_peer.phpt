--TEST--
TLS: verify_peer with a ca: a client certificate signed by that CA opens and its subject is on the Connection; no certificate, or a self-signed one, fails the TLS handshake (the server goes on); min_version TLSv1.3 refuses a TLS 1.2 client
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';

$c = wst_tls_certs(['ec', 'client']);
$tls = ['cert' => $c['ec_crt'], 'key' => $c['ec_key'], 'verify_peer' => true, 'ca' => $c['ca'], 'min_version' => 'TLSv1.3'];
$srv = wst_echo_server(['tls' => $tls], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    wst_say($c->id, "server: open {$c->id} peer_subject=" . json_encode($c->getTlsInfo()['peer_subject']) . "\n");
});
PHP);
$none = wst_tls_tcp($srv['port'], $c['ca'], [], true);
$failed = $none === null;
if ($none !== null) { /* TLS 1.3: the client learns of the refusal on its first read */
    @fwrite($none->sock, wst_request());
    $failed = wst_read_head($none, 2.0) === '';
}
echo 'no client certificate: refused: ', json_encode($failed), "\n";
wst_openssl($c['dir'], 'req -x509 -key client.key -out stranger.crt -days 1 -subj /CN=mallory');
$self = wst_tls_tcp($srv['port'], $c['ca'], ['local_cert' => $c['dir'] . '/stranger.crt', 'local_pk' => $c['client_key']], true);
$failed = $self === null;
if ($self !== null) {
    @fwrite($self->sock, wst_request());
    $failed = wst_read_head($self, 2.0) === '';
}
echo 'a self-signed client certificate: ', $failed ? 'refused' : 'accepted', "\n";
echo 'TLS 1.2 client: ', wst_s_client($srv['port'], $c['ca'], '-tls1_2 -cert ' . escapeshellarg($c['client_crt']) . ' -key ' . escapeshellarg($c['client_key']), $log) === '' ? 'refused' : 'accepted', "\n";
$ws = wst_tls_connect($srv['port'], $c['ca'], ['local_cert' => $c['client_crt'], 'local_pk' => $c['client_key']]);
wst_send($ws, WST_TEXT, 'hi alice');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
no client certificate: refused: true
a self-signed client certificate: refused
TLS 1.2 client: refused
<- 101 Switching Protocols
-> text fin=1 masked len=8
<- text fin=1 len=8 'hi alice'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d peer_subject="CN=alice,O=Example"
server: close %d 1000 ''
server: run returned
