--TEST--
Hostile: half a frame then a stall is closed at idle_timeout (1006), while another client is served meanwhile
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/hostile.inc';

$srv = wst_echo_server(['idle_timeout' => 700, 'ping_interval' => 0], '', 2, 8000, true);
$slow = wst_connect($srv['port']);
$frame = wst_frame(WST_TEXT, str_repeat('x', 200));
wst_send_raw($slow, substr($frame, 0, 6), 'first 6 bytes of a 208-byte frame, then nothing');
$t0 = microtime(true);
$ok = wst_connect($srv['port']);
$echoes = 0;
$failed = 0;
while (!$slow->eof && microtime(true) - $t0 < 5.0 * WST_SLOW) {
    wsh_echo_ok($ok, "tick $echoes") ? $echoes++ : $failed++;
    wst_fill($slow, 1, 0.05);
}
$t = microtime(true) - $t0;
echo "stalled connection closed: ", var_export($slow->eof, true), "\n";
echo "closed after 0.5-2.5 s: ", var_export($t > 0.5 && $t < 2.5 * WST_SLOW, true), " (", round($t, 2), " s)\n";
echo "other client served meanwhile: ", var_export($echoes >= (WST_SLOW > 1 ? 1 : 5) && $failed === 0, true), " ($echoes echoes, $failed failures)\n";
wst_close_cleanly($ok);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> first 6 bytes of a 208-byte frame, then nothing
<- 101 Switching Protocols
stalled connection closed: true
closed after 0.5-2.5 s: true (%f s)
other client served meanwhile: true (%d echoes, 0 failures)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1006 'idle timeout'
server: open 2
server: close 2 1000 ''
server: run returned
