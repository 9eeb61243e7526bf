--TEST--
Handshake: frames sent in the same TCP write right after the request are not lost
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    echo "server: message ", $binary ? 'binary ' . bin2hex($data) : "'$data'", "\n";
    $c->send($data, $binary);
});
PHP);
$ws = wst_tcp($srv['port']);
wst_send_raw($ws, wst_request() . wst_frame(WST_TEXT, 'early') . wst_frame(WST_BINARY, "\x00\x01") . wst_frame(WST_TEXT, 'third'),
    'request + text + binary + text in one write');
$resp = wst_read_head($ws);
echo '<- ', wst_status_code($resp), "\n";
wst_expect($ws);
wst_expect($ws);
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
-> request + text + binary + text in one write
<- HTTP/1.1 101
<- text fin=1 len=5 'early'
<- binary fin=1 len=2 0x0001
<- text fin=1 len=5 'third'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: message 'early'
server: message binary 0001
server: message 'third'
server: close 1 1000 ''
server: run returned
