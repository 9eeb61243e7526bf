--TEST--
TLS with workers: the master reads the certificate again on SIGHUP before it replaces the workers, so every new worker serves the new one; the connections of the old workers get 1012 as in any reload
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
$srv = wst_spawn_server(str_replace('DIR', $d, <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['workers' => 2, 'tls' => ['cert' => 'DIR/live.crt', 'key' => 'DIR/live.key']]);
$server->onMessage(fn (WebSocket\Connection $c, string $data) => $c->send($data));
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);
wsw_wait_children($pid, 2);

$ws = wst_tls_connect($srv['port'], $c['ca']);
echo 'before: ', wst_tls_server_key_type($ws), "\n";
copy($c['ec_crt'], "$d/live.crt");
copy($c['ec_key'], "$d/live.key");
echo "(SIGHUP to the master)\n";
wsw_kill($pid, 'HUP');
wst_expect($ws); /* its worker is replaced: close 1012 */
$deadline = microtime(true) + 10 * WST_SLOW;
$types = [];
while (microtime(true) < $deadline && count($types) < 4) {
    $w = wst_tls_tcp($srv['port'], $c['ca'], [], true);
    if ($w !== null) {
        $types[] = wst_tls_server_key_type($w);
        wst_close_socket($w);
    }
    if (end($types) !== 'EC') {
        $types = []; /* a worker not yet replaced */
        usleep(100000);
    }
}
echo 'after, 4 new connections: ', implode(' ', $types), "\n";
wsw_kill($pid, 'TERM');
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
before: RSA
(SIGHUP to the master)
<- close 1012 'server restarting'
after, 4 new connections: EC EC EC EC
--- server ---
server: run returned
--- server stderr ---
%ASIGHUP: TLS certificate and key reloaded for new connections%A
