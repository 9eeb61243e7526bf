--TEST--
Signals: a second SIGTERM while the server waits for clients that do not answer its close frame closes them at once (long close_timeout and shutdown_timeout notwithstanding), says so on stderr, and run() returns; exit status 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wst_echo_server_code(
    ['ping_interval' => 0, 'close_timeout' => 60000, 'shutdown_timeout' => 60000],
    '',
    99,
    30000,
    true
), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);

$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
echo "(SIGTERM)\n";
wsw_kill($pid, 'TERM');
wst_expect($a);
wst_expect($b);
echo "(the clients do not answer; the server would wait 60 s for them)\n";
echo "still waiting after 300 ms: ", var_export(wst_quiet_for($a, 0.3) && wst_quiet_for($b, 0.01), true), "\n";
echo "(SIGTERM again)\n";
$t = microtime(true);
wsw_kill($pid, 'TERM');
wst_expect_eof($a);
wst_expect_eof($b);
echo "closed within 2 s: ", var_export(microtime(true) - $t < 2.0 * WST_SLOW, true), "\n";
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
(SIGTERM)
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
(the clients do not answer; the server would wait 60 s for them)
still waiting after 300 ms: true
(SIGTERM again)
<- EOF
<- EOF
closed within 2 s: true
--- server ---
server: open 1
server: close 1 1001 'server shutting down'
server: open 2
server: close 2 1001 'server shutting down'
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (2 connection(s), shutdown_timeout 60000 ms)
WebSocket\Server: notice: SIGTERM again: closing the 2 connection(s) left now
