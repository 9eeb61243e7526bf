--TEST--
Timers: idle_timeout closes a connection that sends nothing, not even a pong: TCP closed, onClose 1006
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['ping_interval' => 100, 'idle_timeout' => 400]);
$t0 = microtime(true); // the server counts from the request it received
$ws = wst_connect($srv['port']);
$pings = 0;
$other = [];
for ($i = 0; $i < 100 && ($f = wst_recv_frame($ws, 3.0)) !== null; $i++) {
    if ($f['opcode'] === WST_PING) {
        $pings++;
    } else {
        $other[] = wst_describe_received($f);
    }
}
$dt = microtime(true) - $t0;
echo "(client never answers)\n";
echo "<- pings: ", $pings > 0 ? 'yes' : 'none', "\n";
foreach ($other as $o) {
    echo "<- $o\n";
}
echo '<- ', $ws->eof ? 'EOF' : 'TIMEOUT', "\n";
echo 'closed after about idle_timeout: ', ($dt >= 0.35 && $dt < 2.0 * WST_SLOW) ? 'yes' : "no ($dt s)", "\n";
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
(client never answers)
<- pings: yes
<- EOF
closed after about idle_timeout: yes
--- server ---
server: open 1
server: close 1 1006 '%S'
server: run returned
