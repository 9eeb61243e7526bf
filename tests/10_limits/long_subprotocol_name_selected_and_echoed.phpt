--TEST--
Limits: a 600-byte subprotocol name (and one of 1024 bytes, the cap) offered by the client is selected and echoed exactly in the 101 response
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

function proto_name(int $len): string
{
    $s = "v$len.";
    for ($i = 0; strlen($s) < $len; $i++) {
        $s .= substr(md5((string) $i), 0, 8) . '-';
    }
    return substr($s, 0, $len - 1) . 'z';
}
$p600 = proto_name(600);
$p1024 = proto_name(1024);
$srv = wst_echo_server(['subprotocols' => [$p1024, $p600, 'chat']], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    $p = $c->getSubprotocol();
    echo "server: open {$c->id} subprotocol of ", strlen((string) $p), " bytes md5 ", md5((string) $p), "\n";
});
PHP, 2);
foreach ([$p600, $p1024] as $p) {
    echo strlen($p), "-byte name md5 ", md5($p), ": ";
    $ws = wst_connect($srv['port'], '/', ['Sec-WebSocket-Protocol' => "chat-v2, $p, chat"]);
    $got = wst_response_header($ws->response, 'Sec-WebSocket-Protocol');
    echo "Sec-WebSocket-Protocol echoed exactly: ", var_export($got === $p, true), "\n";
    wst_send($ws, WST_TEXT, 'hi');
    wst_expect($ws);
    wst_close_cleanly($ws);
}
wst_finish($srv);
?>
--EXPECTF--
600-byte name md5 %x: <- 101 Switching Protocols
Sec-WebSocket-Protocol echoed exactly: true
-> text fin=1 masked len=2
<- text fin=1 len=2 'hi'
-> close 1000 ''
<- close 1000 ''
<- EOF
1024-byte name md5 %x: <- 101 Switching Protocols
Sec-WebSocket-Protocol echoed exactly: true
-> text fin=1 masked len=2
<- text fin=1 len=2 'hi'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1 subprotocol of 600 bytes md5 %x
server: close 1 1000 ''
server: open 2 subprotocol of 1024 bytes md5 %x
server: close 2 1000 ''
server: run returned
