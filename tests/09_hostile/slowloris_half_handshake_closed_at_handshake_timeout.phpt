--TEST--
Hostile: half a handshake then a stall is closed at handshake_timeout, while another client keeps echoing meanwhile
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/hostile.inc';

$srv = wst_echo_server(['handshake_timeout' => 600], '', 1);
$slow = wst_tcp($srv['port']);
wst_send_raw($slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web", 'half a request, then nothing');
$t0 = microtime(true);
$ok = wst_connect($srv['port']);
$echoes = 0;
$failed = 0;
while (!$slow->eof && microtime(true) - $t0 < 5.0 * WST_SLOW) {
    wsh_echo_ok($ok, "tick $echoes") ? $echoes++ : $failed++;
    wst_fill($slow, 1, 0.05);
}
$t = microtime(true) - $t0;
echo "stalled handshake closed: ", var_export($slow->eof, true), "\n";
echo "closed after 0.4-2.5 s: ", var_export($t > 0.4 && $t < 2.5 * WST_SLOW, true), " (", round($t, 2), " s)\n";
echo "nothing was sent to it: ", var_export($slow->buf === '', true), "\n";
echo "other client echoed meanwhile: ", var_export($echoes >= (WST_SLOW > 1 ? 1 : 5) && $failed === 0, true), " ($echoes echoes, $failed failures)\n";
wst_close_cleanly($ok);
wst_finish($srv);
?>
--EXPECTF--
-> half a request, then nothing
<- 101 Switching Protocols
stalled handshake closed: true
closed after 0.4-2.5 s: true (%f s)
nothing was sent to it: true
other client echoed meanwhile: true (%d echoes, 0 failures)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 2
server: close 2 1000 ''
server: run returned
