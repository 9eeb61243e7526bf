--TEST--
Connection::getRemoteAddress()/getRemotePort(): the client's address and its own local port
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $d) {
    echo "server: remote address ", $c->getRemoteAddress(), "\n";
    echo "server: remote port matches the client's local port: ", $c->getRemotePort() === (int) $d ? 'yes' : "no ({$c->getRemotePort()} vs $d)", "\n";
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, (string) wst_local_port($ws), ['label' => 'text: my local port']);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> text: my local port
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: remote address 127.0.0.1
server: remote port matches the client's local port: yes
server: close 1 1000 ''
server: run returned
