--TEST--
Timers: ping_interval counts from the last thing received: a client that keeps talking is not pinged; once silent it is
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['ping_interval' => 500, 'idle_timeout' => 5000]);
$ws = wst_connect($srv['port']);
$other = 0;
for ($i = 0; $i < 12; $i++) {
    wst_write($ws, wst_frame(WST_TEXT, "m$i"));
    $f = wst_recv_frame($ws);
    if (!$f || $f['opcode'] !== WST_TEXT) {
        $other++;
    }
    usleep(100000);
}
echo "-> 12 messages 100 ms apart (1200 ms > ping_interval)\n";
echo "<- only their echoes: ", $other === 0 && wst_quiet_for($ws, 0.05) ? 'yes' : 'no', "\n";
$f = wst_recv_frame($ws, 2.0);
echo "silent now; <- ", $f ? wst_opcode_name($f['opcode']) : 'nothing', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> 12 messages 100 ms apart (1200 ms > ping_interval)
<- only their echoes: yes
silent now; <- ping
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
