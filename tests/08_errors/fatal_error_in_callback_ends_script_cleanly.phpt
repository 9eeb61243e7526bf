--TEST--
Errors: a fatal error in a callback (memory limit) ends the script like anywhere else: no crash, shutdown functions run, exit status 255
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (getenv('USE_ZEND_ALLOC') === '0') die('skip memory_limit is not enforced with USE_ZEND_ALLOC=0');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
wst_guard($server, 5000);
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    echo "server: about to exhaust memory_limit\n";
    ini_set('memory_limit', '8M');
    $x = str_repeat('x', 64 << 20);
    echo "server: NOT REACHED\n";
});
register_shutdown_function(fn () => print("server: shutdown function ran\n"));
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: code after run() ran\n";
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'x');
echo '<- ', wst_wait_eof($ws) ? 'EOF' : 'no EOF', "\n";
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=1
<- EOF
--- server ---
server: about to exhaust memory_limit
server: shutdown function ran
--- server exit code 255 ---
--- server stderr ---
%AAllowed memory size of %d bytes exhausted%A
