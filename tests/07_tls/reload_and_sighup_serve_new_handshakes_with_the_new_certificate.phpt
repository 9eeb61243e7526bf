--TEST--
TLS: reloadTls() with new files and SIGHUP (handle_signals) with the same paths rewritten: new handshakes get the new certificate, the open connection keeps working on its own, and a session ticket from before the reload still resumes (openssl s_client -sess_out / -sess_in)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';
require __DIR__ . '/../11_workers/workers.inc';

$c = wst_tls_certs(['rsa', 'ec']);
$d = $c['dir'];
copy($c['rsa_crt'], "$d/live.crt");
copy($c['rsa_key'], "$d/live.key");
$code = <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['tls' => ['cert' => 'DIR/live.crt', 'key' => 'DIR/live.key'], 'log_level' => 'notice']);
wst_guard($server, 15000);
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open {$c->id} resumed=", json_encode($c->getTlsInfo()['resumed']), "\n";
});
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'reload with ec') {
        $server->reloadTls(['cert' => 'DIR/ec.crt', 'key' => 'DIR/ec.key']);
        $c->send('reloaded by reloadTls()');
        return;
    }
    $c->send($data);
});
$server->onReload(function () use ($server) {
    echo "server: onReload\n";
    $server->broadcast('reloaded by SIGHUP');
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server) {
    echo "server: close {$c->id} $code\n";
    if ($c->id === 1) {
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP;
$srv = wst_spawn_server(str_replace('DIR', $d, $code), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);

$ws = wst_tls_connect($srv['port'], $c['ca']);
echo 'first connection: ', wst_tls_server_key_type($ws), "\n";
echo 's_client, saving its session: ', wst_s_client($srv['port'], $c['ca'], '-sess_out ' . escapeshellarg("$d/sess")), "\n";

echo "(the files at the same paths now hold the EC certificate and key; SIGHUP)\n";
copy($c['ec_crt'], "$d/live.crt");
copy($c['ec_key'], "$d/live.key");
wsw_kill($pid, 'HUP');
wst_expect($ws);
$ws2 = wst_tls_connect($srv['port'], $c['ca']);
echo 'new connection: ', wst_tls_server_key_type($ws2), "\n";
echo 's_client resuming its old session: ', wst_s_client($srv['port'], $c['ca'], '-sess_in ' . escapeshellarg("$d/sess")), "\n";

echo "(reloadTls() with the RSA files again, asked over the first connection)\n";
copy($c['rsa_crt'], "$d/ec.crt");
copy($c['rsa_key'], "$d/ec.key");
wst_send($ws, WST_TEXT, 'reload with ec');
wst_expect($ws);
$ws3 = wst_tls_connect($srv['port'], $c['ca']);
echo 'newest connection: ', wst_tls_server_key_type($ws3), "\n";
foreach ([$ws3, $ws2] as $w) {
    wst_close_cleanly($w);
}
wst_send($ws, WST_TEXT, 'the first connection, still on its session');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
first connection: RSA
s_client, saving its session: HTTP/1.1 101 Switching Protocols
(the files at the same paths now hold the EC certificate and key; SIGHUP)
<- text fin=1 len=18 'reloaded by SIGHUP'
<- 101 Switching Protocols
new connection: EC
s_client resuming its old session: HTTP/1.1 101 Switching Protocols
(reloadTls() with the RSA files again, asked over the first connection)
-> text fin=1 masked len=14
<- text fin=1 len=23 'reloaded by reloadTls()'
<- 101 Switching Protocols
newest connection: RSA
-> close 1000 ''
<- close 1000 ''
<- EOF
-> close 1000 ''
<- close 1000 ''
<- EOF
-> text fin=1 masked len=42
<- text fin=1 len=42 'the first connection, still on its sessi'...
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1 resumed=false
server: open 2 resumed=false
server: close 2 1006
%Aserver: onReload
server: open 3 resumed=false
server: open 4 resumed=true
server: close 4 1006
server: open 5 resumed=false
server: close 5 1000
server: close 3 1000
server: close 1 1000
server: run returned
--- server stderr ---
%ASIGHUP: TLS certificate and key reloaded for new connections%A
