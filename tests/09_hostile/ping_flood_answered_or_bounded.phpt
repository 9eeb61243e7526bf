--TEST--
Hostile: a ping flood: every ping is answered in order when the client reads; when it never reads, the queue and the server's RSS stay bounded and the connection still works afterwards
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; if (!is_readable('/proc/self/status')) die('skip needs /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/hostile.inc';

[$pidfile, $code] = wsh_pid_file();
$srv = wst_echo_server(['max_buffered' => 256 << 10, 'high_watermark' => 64 << 10, 'ping_interval' => 0], $code, 2, 30000, true);
$pid = wsh_pid($pidfile);

echo "== 1,000 pings in one write, client reading\n";
$ws = wst_connect($srv['port']);
$all = '';
for ($i = 0; $i < 1000; $i++) {
    $all .= wst_frame(WST_PING, sprintf('ping %04d', $i));
}
wst_write($ws, $all);
$answered = 0;
for ($i = 0; $i < 1000; $i++) {
    $f = wst_recv_frame($ws);
    if ($f === null || $f['opcode'] !== WST_PONG || $f['payload'] !== sprintf('ping %04d', $i)) {
        break;
    }
    $answered++;
}
echo "pongs with the right payload, in order: $answered of 1000\n";
wst_close_cleanly($ws);

echo "== 100,000 pings of 125 bytes (13 MB), client not reading\n";
$ws = wst_connect($srv['port']);
$rss0 = wsh_rss_kb($pid);
$block = str_repeat(wst_frame(WST_PING, str_repeat('P', 125)), 8000);
$sent = 0;
for ($i = 0; $i < intdiv(100000, 8000); $i++) {
    if (!wst_write($ws, $block, 10.0)) {
        break;
    }
    $sent += 8000;
}
$sent += wst_write($ws, str_repeat(wst_frame(WST_PING, str_repeat('P', 125)), 100000 - $sent), 10.0) ? 100000 - $sent : 0;
usleep(300000);
$grew = wsh_rss_kb($pid) - $rss0;
echo "server took all pings: ", var_export($sent === 100000, true), "\n";
echo "server RSS grew by less than 6 MB: ", var_export($grew < 6144, true), " ($grew kB)\n";
$pongs = 0;
while (($f = wst_recv_frame($ws, 1.0)) !== null && $f['opcode'] === WST_PONG) {
    $pongs++;
}
wst_write($ws, wst_frame(WST_TEXT, 'after the flood'));
$echo = wst_recv_frame($ws, 5.0);
echo "pongs received: between 1 and 100000: ", var_export($pongs >= 1 && $pongs <= 100000, true), "\n";
echo '<- ', $echo ? wst_describe_received($echo) : 'nothing', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
== 1,000 pings in one write, client reading
<- 101 Switching Protocols
pongs with the right payload, in order: 1000 of 1000
-> close 1000 ''
<- close 1000 ''
<- EOF
== 100,000 pings of 125 bytes (13 MB), client not reading
<- 101 Switching Protocols
server took all pings: true
server RSS grew by less than 6 MB: true (%i kB)
pongs received: between 1 and 100000: true
<- text fin=1 len=15 'after the flood'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: run returned
