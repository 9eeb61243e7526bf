--TEST--
Errors: exit() in a callback is not an exception: no onError, no 1011, the script ends (code after run() does not run), shutdown functions run, exit status kept
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
wst_guard($server, 5000);
$after_run = false;
$errors = [];
$server->onOpen(function (WebSocket\Connection $c) { echo "server: open {$c->id}\n"; });
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    echo "server: exiting\n";
    exit(3);
});
$server->onError(function ($c, $e) use (&$errors) { $errors[] = is_object($e) ? get_class($e) : gettype($e); });
register_shutdown_function(function () use (&$after_run, &$errors) {
    echo "server: shutdown function: code after run() ran: ", $after_run ? 'yes' : 'no',
        ", onError calls: ", $errors ? implode(', ', $errors) : 'none', "\n";
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
$after_run = true;
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'exit please');
echo '<- ', wst_wait_eof($ws) ? 'EOF' : 'no EOF', "\n";
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=11
<- EOF
--- server ---
server: open 1
server: exiting
server: shutdown function: code after run() ran: no, onError calls: none
--- server exit code 3 ---
