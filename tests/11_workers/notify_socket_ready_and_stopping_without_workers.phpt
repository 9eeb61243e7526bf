--TEST--
systemd: with NOTIFY_SOCKET set, a server without workers sends READY=1 once run() serves and STOPPING=1 when a SIGTERM starts the graceful stop (unix datagrams, no libsystemd), and nothing else
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

[$path, $notify] = wsw_notify_socket();
$srv = wst_spawn_server(wst_echo_server_code(['ping_interval' => 0], <<<'PHP'
echo "server: NOTIFY_SOCKET is set: ", var_export(getenv('NOTIFY_SOCKET') !== false, true), "\n";
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS . ' NOTIFY_SOCKET=' . escapeshellarg($path)]);

echo "notify: ", var_export(wsw_notify_recv($notify), true), "\n";
$ws = wst_connect($srv['port']);
echo "nothing more while it serves: ", var_export(wsw_notify_recv($notify, 0.2) === null, true), "\n";
echo "(SIGTERM)\n";
wsw_kill(wsw_pid($srv), 'TERM');
echo "notify: ", var_export(wsw_notify_recv($notify), true), "\n";
wst_expect($ws);
wst_send_close($ws, 1001);
wst_expect_eof($ws);
wst_finish($srv);
echo "nothing more: ", var_export(wsw_notify_recv($notify, 0.2) === null, true), "\n";
?>
--EXPECT--
notify: 'READY=1'
<- 101 Switching Protocols
nothing more while it serves: true
(SIGTERM)
notify: 'STOPPING=1'
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: NOTIFY_SOCKET is set: true
server: open 1
server: close 1 1001 'server shutting down'
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (1 connection(s), shutdown_timeout 5000 ms)
nothing more: true
