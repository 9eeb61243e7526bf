--TEST--
Handshake: the first of the server's subprotocols that the client offers is chosen; none matching gives no header and a null subprotocol
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['subprotocols' => ['chat', 'superchat']], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open {$c->id} subprotocol ", var_export($c->getSubprotocol(), true), "\n";
});
PHP, 5);
$offers = [
    'superchat, chat' => ['Sec-WebSocket-Protocol' => 'superchat, chat'],
    'superchat' => ['Sec-WebSocket-Protocol' => 'superchat'],
    'other, Chat' => ['Sec-WebSocket-Protocol' => 'other, Chat'],
    'two headers: other / superchat' => ['Sec-WebSocket-Protocol: other', 'Sec-WebSocket-Protocol: superchat'],
    'none offered' => [],
];
foreach ($offers as $label => $headers) {
    $resp = wst_handshake_raw($srv['port'], wst_request('/', $headers), $ws);
    echo "$label: ", wst_status_code($resp), ", Sec-WebSocket-Protocol: ", var_export(wst_response_header($resp, 'Sec-WebSocket-Protocol'), true), "\n";
    wst_send_close($ws, 1000, '', ['label' => 'close']);
    wst_recv_frame($ws);
    wst_close_socket($ws);
}
wst_finish($srv);
?>
--EXPECT--
superchat, chat: HTTP/1.1 101, Sec-WebSocket-Protocol: 'chat'
-> close
superchat: HTTP/1.1 101, Sec-WebSocket-Protocol: 'superchat'
-> close
other, Chat: HTTP/1.1 101, Sec-WebSocket-Protocol: NULL
-> close
two headers: other / superchat: HTTP/1.1 101, Sec-WebSocket-Protocol: 'superchat'
-> close
none offered: HTTP/1.1 101, Sec-WebSocket-Protocol: NULL
-> close
--- server ---
server: open 1 subprotocol 'chat'
server: close 1 1000 ''
server: open 2 subprotocol 'superchat'
server: close 2 1000 ''
server: open 3 subprotocol NULL
server: close 3 1000 ''
server: open 4 subprotocol 'superchat'
server: close 4 1000 ''
server: open 5 subprotocol NULL
server: close 5 1000 ''
server: run returned
