--TEST--
Deflate: broadcast() compresses once per server window for every connection without server context takeover and shares the frame; a context-takeover connection gets its own; plain connections get the plain frame; $compress = false and send($d, false, false) go uncompressed; getStats()['compression'] counts it
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

$srv = wst_spawn_server('
$server = new WebSocket\Server("127.0.0.1", 0, ["compression" => ["server_no_context_takeover" => false, "client_no_context_takeover" => false]]);
wst_guard($server, 8000);
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === "go") {
        $doc = json_encode(array_fill(0, 60, ["user" => "alice", "text" => "hello there", "ts" => 1700000000]));
        echo "broadcast to ", $server->broadcast($doc), "\n";
        $st = $server->getStats()["compression"];
        echo "compressions: {$st["messages_deflated"]}, ", $st["deflate_out"] < $st["deflate_in"] / 5 ? "smaller" : "not smaller", "\n";
        echo "uncompressed broadcast to ", $server->broadcast($doc, false, null, false), "\n";
        $c->send(str_repeat("x", 1000), false, false);
        echo "compressions now: {$server->getStats()["compression"]["messages_deflated"]}\n";
        foreach ($server->getConnections() as $conn) {
            echo "conn {$conn->id}: ", json_encode($conn->getExtensions()), "\n";
        }
    } elseif ($data === "stop") {
        $server->stop();
    }
});
echo "READY ", $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
');
$offers = [
    'permessage-deflate; server_no_context_takeover',
    'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
    'permessage-deflate; server_no_context_takeover; server_max_window_bits=10',
    'permessage-deflate',
    null,
];
$conns = [];
foreach ($offers as $o) {
    $conns[] = wst_pmd_connect($srv['port'], $o, true);
}
wst_write($conns[0], wst_frame(WST_TEXT, 'go'));
$payloads = [];
foreach ($conns as $i => $ws) {
    $f = wst_recv_frame($ws);
    $text = $f['rsv'] === 4 ? wst_pmd_decompress($f['payload']) : $f['payload'];
    $payloads[$i] = $f['payload'];
    echo "client $i: rsv {$f['rsv']}, wire ", strlen($f['payload']) < 1000 ? 'small' : 'big', ', json ', json_decode($text) ? 'ok' : 'BAD', "\n";
    $f = wst_recv_frame($ws);
    echo "client $i: uncompressed broadcast rsv {$f['rsv']}\n";
}
echo 'clients 0 and 1 got the same bytes: ', var_export($payloads[0] === $payloads[1], true), "\n";
$f = wst_recv_frame($conns[0]);
echo "send(compress: false): rsv {$f['rsv']} len {$f['len']}\n";
wst_write($conns[0], wst_frame(WST_TEXT, 'stop'));
foreach ($conns as $ws) {
    wst_expect($ws);
}
wst_finish($srv);
?>
--EXPECT--
client 0: rsv 4, wire small, json ok
client 0: uncompressed broadcast rsv 0
client 1: rsv 4, wire small, json ok
client 1: uncompressed broadcast rsv 0
client 2: rsv 4, wire small, json ok
client 2: uncompressed broadcast rsv 0
client 3: rsv 4, wire small, json ok
client 3: uncompressed broadcast rsv 0
client 4: rsv 0, wire big, json ok
client 4: uncompressed broadcast rsv 0
clients 0 and 1 got the same bytes: true
send(compress: false): rsv 0 len 1000
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
<- close 1001 'server shutting down'
--- server ---
broadcast to 5
compressions: 3, smaller
uncompressed broadcast to 5
compressions now: 3
conn 1: {"permessage-deflate":{"server_no_context_takeover":true,"client_no_context_takeover":false,"server_max_window_bits":15,"client_max_window_bits":15}}
conn 2: {"permessage-deflate":{"server_no_context_takeover":true,"client_no_context_takeover":true,"server_max_window_bits":15,"client_max_window_bits":15}}
conn 3: {"permessage-deflate":{"server_no_context_takeover":true,"client_no_context_takeover":false,"server_max_window_bits":10,"client_max_window_bits":15}}
conn 4: {"permessage-deflate":{"server_no_context_takeover":false,"client_no_context_takeover":false,"server_max_window_bits":15,"client_max_window_bits":15}}
conn 5: []
server: run returned
