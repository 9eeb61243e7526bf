--TEST--
Workers: getStats() in a worker has that worker's figures, with worker_id, and all_workers: every worker's figures added up by the master (each worker reports every second), so the connections and messages of both workers show in either
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['workers' => 2]);
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    if (str_starts_with($d, 'sleep')) {
        usleep((int) substr($d, 6) * 1000); /* keep this worker busy: the next client lands on the other */
        $c->send('slept');
    } elseif ($d === 'stats') {
        $st = $server->getStats();
        $all = $st['all_workers'] ?? null;
        $c->sendJson(['worker' => $st['worker_id'], 'mine' => $st['connections'], 'all' => $all['connections'] ?? null,
                      'workers' => $all['workers'] ?? null, 'all_in' => $all['messages_in'] ?? null,
                      'fresh' => $all !== null && $all['age'] < 3.0]);
    } elseif ($d === 'stop') {
        $server->stop();
    } else {
        $c->send($d);
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
$a = wst_connect($srv['port'], '/', [], true);
wst_write($a, wst_frame(WST_TEXT, 'sleep 600'));
usleep(100000);
$b = wst_connect($srv['port'], '/', [], true);
$c = wst_connect($srv['port'], '/', [], true);
wst_recv_frame($a);
foreach ([$b, $c] as $ws) {
    wst_write($ws, wst_frame(WST_TEXT, 'x'));
    wst_recv_frame($ws);
}
usleep((int) (2200000 * WST_SLOW)); /* every worker has reported since */
$seen = [];
foreach ([$a, $b] as $ws) {
    wst_write($ws, wst_frame(WST_TEXT, 'stats'));
    $seen[] = json_decode(wst_recv_frame($ws)['payload'], true);
}
echo "two workers: ", var_export(count(array_unique(array_column($seen, 'worker'))) === 2, true), "\n";
foreach ($seen as $s) {
    echo "worker sees all 3 connections of 2 workers: ", var_export($s['all'] === 3 && $s['workers'] === 2 && $s['fresh'], true),
        ", its own fewer: ", var_export($s['mine'] < 3, true), ", messages of both: ", var_export($s['all_in'] >= 3, true), "\n";
}
wst_write($a, wst_frame(WST_TEXT, 'stop'));
foreach ([$a, $b, $c] as $ws) {
    wst_wait_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
two workers: true
worker sees all 3 connections of 2 workers: true, its own fewer: true, messages of both: true
worker sees all 3 connections of 2 workers: true, its own fewer: true, messages of both: true
--- server ---
%A
