--TEST--
Timers: stop() with a client that never answers the close 1001 returns from run() after close_timeout; onClose 1001
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['close_timeout' => 400], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    $GLOBALS['t_stop'] = microtime(true);
    $server->stop();
});
$server->onClose(function (WebSocket\Connection $c, int $code) {
    $dt = microtime(true) - $GLOBALS['t_stop'];
    echo "server: close {$c->id} $code after about close_timeout: ", var_export($dt >= 0.35 && $dt < 2.0 * WST_SLOW, true), "\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'stop');
wst_expect($ws);
echo "(client does not answer)\n";
wst_expect_eof($ws, 4.0);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- close 1001 '%S'
(client does not answer)
<- EOF
--- server ---
server: open 1
server: close 1 1001 after about close_timeout: true
server: run returned
