--TEST--
Deflate: with context takeover each connection's deflater and inflater are charged to memory_budget (about 300 KiB a connection here); past the budget a new connection's messages go uncompressed or it is refused by the budget's rules, and memory_used never passes the budget; without takeover the same clients fit easily
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

foreach (['takeover' => ['server_no_context_takeover' => false, 'client_no_context_takeover' => false], 'default' => true] as $mode => $comp) {
    $srv = wst_spawn_server('
$server = new WebSocket\Server("127.0.0.1", 0, ["compression" => ' . var_export($comp, true) . ', "memory_budget" => 2 << 20]);
wst_guard($server, 10000);
$peak = 0;
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, &$peak) {
    if ($data === "stop") {
        $st = $server->getStats();
        echo "memory_used peak within the budget: ", var_export($peak <= $st["memory_budget"], true), "\n";
        $server->stop();
        return;
    }
    $c->send($data);
    $peak = max($peak, $server->getStats()["memory_used"]);
});
echo "READY ", $server->getPort(), "\n";
$server->run();
');
    $doc = json_encode(array_fill(0, 40, ['user' => 'alice', 'text' => 'hello there, how are you', 'ts' => 1700000000]));
    $got = ['compressed' => 0, 'plain' => 0, 'closed' => []];
    $conns = [];
    for ($i = 0; $i < 12; $i++) {
        $ws = wst_pmd_connect($srv['port'], 'permessage-deflate', true);
        $conns[] = $ws;
        wst_write($ws, wst_frame(WST_TEXT, wst_pmd_compress($doc), ['rsv' => 4]));
        $f = wst_recv_frame($ws);
        if ($f === null) {
            $got['closed'][] = 'eof';
        } elseif ($f['opcode'] === WST_CLOSE) {
            $got['closed'][] = unpack('n', $f['payload'])[1];
        } elseif (($f['rsv'] === 4 ? wst_pmd_decompress($f['payload']) : $f['payload']) === $doc) {
            $got[$f['rsv'] === 4 ? 'compressed' : 'plain']++;
        } else {
            $got['closed'][] = 'bad echo';
        }
    }
    $codes = array_unique($got['closed']);
    sort($codes);
    echo "$mode: ", $got['compressed'], ' echoed compressed, ', $got['plain'], ' plain, closed: ', json_encode($codes), "\n";
    if ($mode === 'takeover') {
        echo "takeover: the budget stopped it: ", var_export($got['compressed'] < 12 && $got['compressed'] >= 2, true),
            ", every other client was answered plain or closed by the budget (1008/1009): ",
            var_export($got['compressed'] + $got['plain'] + count($got['closed']) === 12 && !array_diff($codes, [1008, 1009]), true), "\n";
    }
    $last = null;
    foreach ($conns as $ws) {
        if (!$ws->eof) {
            $last = $ws;
        }
    }
    wst_write($last, wst_frame(WST_TEXT, 'stop'));
    wst_finish($srv);
}
?>
--EXPECTF--
takeover: %d echoed compressed, %d plain, closed: %s
takeover: the budget stopped it: true, every other client was answered plain or closed by the budget (1008/1009): true
--- server ---
memory_used peak within the budget: true
default: 12 echoed compressed, 0 plain, closed: []
--- server ---
memory_used peak within the budget: true
