--TEST--
Errors: an exception thrown by a timer callback goes to onError with a null connection; other timers and connections carry on
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->after(50, function () {
    throw new OverflowException('thrown in a timer');
});
$server->after(150, function () {
    echo "server: later timer still fires\n";
});
PHP);
usleep(250000);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'alive');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=5
<- text fin=1 len=5 'alive'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: error - OverflowException: thrown in a timer
server: later timer still fires
server: open 1
server: close 1 1000 ''
server: run returned
