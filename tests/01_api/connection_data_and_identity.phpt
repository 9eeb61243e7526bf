--TEST--
Connection: the same object reaches every callback of a connection, $data is free for the application and starts null
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$seen = null;
$server->onOpen(function (WebSocket\Connection $c) use (&$seen) {
    echo "server: data starts ", var_export($c->data, true), "\n";
    $c->data = ['user' => 42];
    $seen = $c;
});
$server->onMessage(function (WebSocket\Connection $c, string $d) use (&$seen) {
    echo "server: same object in onMessage: ", $c === $seen ? 'yes' : 'no', "\n";
    $c->data['messages'] = ($c->data['messages'] ?? 0) + 1;
    $c->send(json_encode($c->data));
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server, &$seen) {
    echo "server: same object in onClose: ", $c === $seen ? 'yes' : 'no', ", data ", json_encode($c->data), "\n";
    $server->stop();
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'a');
wst_expect($ws);
wst_send($ws, WST_TEXT, 'b');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text fin=1 masked len=1
<- text fin=1 len=24 '{"user":42,"messages":1}'
-> text fin=1 masked len=1
<- text fin=1 len=24 '{"user":42,"messages":2}'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: data starts NULL
server: same object in onMessage: yes
server: same object in onMessage: yes
server: same object in onClose: yes, data {"user":42,"messages":2}
server: run returned
