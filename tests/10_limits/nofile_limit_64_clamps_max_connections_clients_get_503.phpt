--TEST--
Limits: with an open-file limit of 64 (soft = hard), the server clamps max_connections below it and says so in one stderr line; 80 clients connecting at once each get 101 or 503, none hangs
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
require __DIR__ . '/limits.inc';
if (!wsl_have_prlimit()) die('skip needs prlimit(1) (util-linux)');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 30000);
$max = $server->getStats()['max_connections'];
echo "server: max_connections clamped below 64: ", var_export($max < 64 && $max > 0, true), "\n";
$opens = 0;
$server->onOpen(function () use (&$opens) {
    $opens++;
});
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, &$opens, $max) {
    if ($data === 'stop') {
        echo "server: no more connections opened than max_connections: ", var_export($opens <= $max, true), "\n";
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP, WST_READY_TIMEOUT, ['prefix' => 'prlimit --nofile=64:64']);

$conns = wsl_connect_many($srv['port'], 80);
$counts = wsl_read_heads($conns, 5.0);
$answered = ($counts['101'] ?? 0) + ($counts['503'] ?? 0);
echo "every client got 101 or 503: ", var_export($answered === 80, true), ' (', wsl_show_counts($counts), ")\n";
echo "some got 101 and some 503: ", var_export(($counts['101'] ?? 0) > 0 && ($counts['503'] ?? 0) > 0, true), "\n";
$lines = array_filter(explode("\n", wsl_stderr($srv)), fn ($l) => str_contains($l, 'max_connections'));
echo "one stderr line mentions max_connections: ", var_export(count($lines) === 1, true), "\n";
foreach ($conns as $c) {
    if (str_starts_with($c->response, 'HTTP/1.1 101 ')) {
        wst_write($c, wst_frame(WST_TEXT, 'stop'));
        break;
    }
}
wsl_close_all($conns);
wst_finish($srv);
?>
--EXPECTF--
every client got 101 or 503: true (%s)
some got 101 and some 503: true
one stderr line mentions max_connections: true
--- server ---
server: max_connections clamped below 64: true
server: no more connections opened than max_connections: true
server: run returned
--- server stderr ---
%smax_connections%s
