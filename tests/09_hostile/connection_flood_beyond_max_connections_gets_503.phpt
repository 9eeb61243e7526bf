--TEST--
Hostile: a flood of connections beyond max_connections gets 503, open clients keep being served, and the server accepts again once the flood leaves
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/hostile.inc';

const MAXC = 20;
$srv = wst_echo_server(['max_connections' => MAXC], '', 2 * MAXC, 20000);
$open = [];
for ($i = 0; $i < MAXC; $i++) {
    $open[] = wst_connect($srv['port'], '/', [], true);
}
$codes = [];
$flood = [];
for ($i = 0; $i < 200; $i++) {
    $resp = wst_handshake_raw($srv['port'], wst_request(), $ws, 2.0);
    $code = substr(wst_status_code($resp), 9, 3) ?: 'none';
    $codes[$code] = ($codes[$code] ?? 0) + 1;
    $flood[] = $ws;
}
ksort($codes);
echo "flood of 200 beyond ", MAXC, ": ", json_encode($codes), "\n";
$served = 0;
foreach ($open as $k => $ws) {
    $served += wsh_echo_ok($ws, "still here $k") ? 1 : 0;
}
echo "open clients served during the flood: $served of ", MAXC, "\n";
foreach ($flood as $ws) {
    wst_close_socket($ws);
}
foreach ($open as $ws) {
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
    wst_wait_eof($ws, 3.0);
}
usleep(200000);
$again = 0;
$new = [];
for ($i = 0; $i < MAXC; $i++) {
    $ws = wst_connect($srv['port'], '/', [], true);
    $again += wsh_echo_ok($ws, "new $i") ? 1 : 0;
    $new[] = $ws;
}
echo "after the flood left, new clients served: $again of ", MAXC, "\n";
foreach ($new as $ws) {
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
    wst_wait_eof($ws, 3.0);
}
$srv_out = wst_finish($srv);
?>
--EXPECTREGEX--
flood of 200 beyond 20: \{"503":200\}
open clients served during the flood: 20 of 20
after the flood left, new clients served: 20 of 20
--- server ---
(server: open \d+\n|server: close \d+ 1000 ''\n){80}server: run returned
