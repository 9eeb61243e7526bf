--TEST--
Signals: SIGHUP to a server without workers calls onReload each time, the clients stay connected and keep being served; without onReload a SIGHUP does nothing (the process is not killed); nothing on stderr
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
$reloads = 0;
$on_reload = function () use ($server, &$reloads) {
    $reloads++;
    echo "server: onReload #$reloads, ", count($server), " open\n";
    $server->broadcast("reloaded $reloads");
};
$server->onReload($on_reload);
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === 'no onReload') {
        $server->onReload(null);
    }
    $c->send($data);
});
PHP), WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$pid = wsw_pid($srv);

$ws = wst_connect($srv['port']);
echo "(SIGHUP)\n";
wsw_kill($pid, 'HUP');
wst_expect($ws);
echo "(SIGHUP)\n";
wsw_kill($pid, 'HUP');
wst_expect($ws);
wst_send($ws, WST_TEXT, 'no onReload');
wst_expect($ws);
echo "(SIGHUP)\n";
wsw_kill($pid, 'HUP');
echo "nothing arrives for 300 ms: ", var_export(wst_quiet_for($ws, 0.3), true), "\n";
wst_send($ws, WST_TEXT, 'still here');
wst_expect($ws);
$late = wst_connect($srv['port']);
wst_close_cleanly($late);
echo "(the server stops after that close)\n";
wst_expect($ws);
wst_send_close($ws, 1001);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
(SIGHUP)
<- text fin=1 len=10 'reloaded 1'
(SIGHUP)
<- text fin=1 len=10 'reloaded 2'
-> text fin=1 masked len=11
<- text fin=1 len=11 'no onReload'
(SIGHUP)
nothing arrives for 300 ms: true
-> text fin=1 masked len=10
<- text fin=1 len=10 'still here'
<- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
(the server stops after that close)
<- close 1001 'server shutting down'
-> close 1001 ''
<- EOF
--- server ---
server: open 1
server: onReload #1, 1 open
server: onReload #2, 1 open
server: open 2
server: close 2 1000 ''
server: close 1 1001 'server shutting down'
server: run returned
