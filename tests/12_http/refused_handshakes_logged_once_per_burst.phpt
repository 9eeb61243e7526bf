--TEST--
Logging: with log_level info, refused handshakes give one line per burst (at most one every 10 s, with the counts by status), not one per request
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['log_level' => 'info', 'path' => '/ws', 'max_connections' => 1000]);
foreach (['/nope', '/nope', '/other', '/nope'] as $path) {
    wst_handshake_raw($srv['port'], wst_request($path), $ws);
    wst_close_socket($ws);
}
wst_handshake_raw($srv['port'], "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n", $ws);
wst_close_socket($ws);
$ws = wst_connect($srv['port'], '/ws', [], true);
wst_close_cleanly($ws);
ob_start();
wst_finish($srv);
$out = ob_get_clean();
$lines = array_values(preg_grep('/refused/', explode("\n", $out)));
echo count($lines), " line(s) about refusals\n";
echo preg_replace('/\d+ handshake/', 'N handshake', $lines[0] ?? ''), "\n";
?>
--EXPECTF--
-> close 1000 ''
<- close 1000 ''
<- EOF
1 line(s) about refusals
WebSocket\Server: info: refused N handshake(s) or request(s) since the last report (all so far by status: 404: %d%S)
