--TEST--
Signals: with handle_signals => false the extension leaves SIGTERM alone: its default action kills the process at once (no onShutdown, no close frame: the client sees the connection end), as before this option existed
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wst_echo_server_code(['ping_interval' => 0, 'handle_signals' => false], <<<'PHP'
$server->onShutdown(function (int $code) {
    echo "server: onShutdown($code) (should not happen)\n";
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS, 'valgrind' => '--leak-check=no']); /* killed: nothing is freed */

$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'hi');
wst_expect($ws);
echo "(SIGTERM)\n";
wsw_kill(wsw_pid($srv), 'TERM');
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- text fin=1 len=2 'hi'
(SIGTERM)
<- EOF
--- server ---
server: open 1
--- server died of signal 15 ---
