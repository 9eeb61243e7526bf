--TEST--
Signals: SIGINT (Ctrl-C) stops a server with two clients gracefully, like SIGTERM: onShutdown(1001), close 1001 to each, run() returns, exit status 0, one notice line naming SIGINT
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(wst_echo_server_code(['ping_interval' => 0], <<<'PHP'
$server->onShutdown(function (int $code) use ($server) {
    echo "server: onShutdown($code), ", count($server), " open\n";
});
PHP, 99, 10000, true), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);

$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'still echoing');
wst_expect($b);
echo "(SIGINT)\n";
wsw_kill(wsw_pid($srv), 'INT');
foreach ([$a, $b] as $ws) {
    wst_expect($ws);
    wst_send_close($ws, 1001);
    wst_expect_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=13
<- text fin=1 len=13 'still echoing'
(SIGINT)
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: onShutdown(1001), 2 open
server: open 1
server: close 1 1001 'server shutting down'
server: open 2
server: close 2 1001 'server shutting down'
server: run returned
--- server stderr ---
WebSocket\Server: notice: SIGINT: stopping gracefully (2 connection(s), shutdown_timeout 5000 ms)
