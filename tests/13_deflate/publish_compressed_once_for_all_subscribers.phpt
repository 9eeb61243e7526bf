--TEST--
Deflate: Server::publish() to a topic compresses a message once for every subscriber without server context takeover (the frame shared, like broadcast()); a subscriber without the extension gets the plain frame; $compress = false sends it plain to all
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
$server = new WebSocket\Server("127.0.0.1", 0);
wst_guard($server, 8000);
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server) {
    if ($data === "sub") {
        $c->subscribe("news");
        $c->send("subscribed");
    } elseif ($data === "go") {
        $doc = json_encode(array_fill(0, 80, ["headline" => "markets open higher", "source" => "wire", "ts" => 1700000000]));
        $before = $server->getStats()["compression"]["messages_deflated"];
        echo "published to ", $server->publish("news", $doc), "\n";
        echo "compressions for it: ", $server->getStats()["compression"]["messages_deflated"] - $before, "\n";
        echo "plain publish to ", $server->publish("news", $doc, false, null, false), "\n";
    } elseif ($data === "stop") {
        $server->stop();
    }
});
echo "READY ", $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
');
$conns = [];
foreach (['permessage-deflate', 'permessage-deflate; client_max_window_bits', 'permessage-deflate', null] as $offer) {
    $ws = wst_pmd_connect($srv['port'], $offer, true);
    wst_write($ws, wst_frame(WST_TEXT, 'sub'));
    wst_recv_frame($ws);
    $conns[] = $ws;
}
wst_write($conns[0], wst_frame(WST_TEXT, 'go'));
$payloads = [];
foreach ($conns as $i => $ws) {
    $f = wst_recv_frame($ws);
    $json = $f['rsv'] === 4 ? wst_pmd_decompress($f['payload']) : $f['payload'];
    $payloads[$i] = $f['payload'];
    echo "subscriber $i: rsv {$f['rsv']}, ", strlen($f['payload']) < 1000 ? 'small' : 'big', ' on the wire, ', count(json_decode($json, true) ?? []), " records\n";
    $f = wst_recv_frame($ws);
    echo "subscriber $i: plain publish rsv {$f['rsv']}\n";
}
echo 'subscribers 0, 1 and 2 got the same compressed bytes: ', var_export($payloads[0] === $payloads[1] && $payloads[1] === $payloads[2], true), "\n";
wst_write($conns[0], wst_frame(WST_TEXT, 'stop'));
foreach ($conns as $ws) {
    wst_recv_frame($ws);
}
wst_finish($srv);
?>
--EXPECT--
subscriber 0: rsv 4, small on the wire, 80 records
subscriber 0: plain publish rsv 0
subscriber 1: rsv 4, small on the wire, 80 records
subscriber 1: plain publish rsv 0
subscriber 2: rsv 4, small on the wire, 80 records
subscriber 2: plain publish rsv 0
subscriber 3: rsv 0, big on the wire, 80 records
subscriber 3: plain publish rsv 0
subscribers 0, 1 and 2 got the same compressed bytes: true
--- server ---
published to 4
compressions for it: 1
plain publish to 4
server: run returned
