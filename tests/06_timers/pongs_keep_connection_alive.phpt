--TEST--
Timers: a client that answers every ping outlives idle_timeout many times over
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['ping_interval' => 100, 'idle_timeout' => 600]);
$ws = wst_connect($srv['port']);
$pings = 0;
$bad = 0;
$end = microtime(true) + 2.0;
while (microtime(true) < $end && ($f = wst_recv_frame($ws, max(0.01, $end - microtime(true)))) !== null) {
    if ($f['opcode'] === WST_PING) {
        $pings++;
        wst_write($ws, wst_frame(WST_PONG, $f['payload']));
    } else {
        $bad++;
    }
}
echo "-> a pong for each ping during 2 s\n";
echo "pinged several times: ", $pings >= 3 ? 'yes' : "no ($pings)", ", other frames: $bad, still connected: ", $ws->eof ? 'no' : 'yes', "\n";
// pings keep coming every 100 ms: answer them, and show the next other frame
function expect_past_pings(WstConn $ws): void
{
    for ($i = 0; $i < 50; $i++) {
        $f = wst_recv_frame($ws);
        if ($f === null) {
            echo $ws->eof ? "<- EOF\n" : "<- TIMEOUT\n";
            return;
        }
        if ($f['opcode'] !== WST_PING) {
            echo '<- ', wst_describe_received($f), "\n";
            return;
        }
        wst_write($ws, wst_frame(WST_PONG, $f['payload']));
    }
    echo "<- only pings\n";
}
wst_send($ws, WST_TEXT, 'still here');
expect_past_pings($ws);
wst_send_close($ws, 1000);
expect_past_pings($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> a pong for each ping during 2 s
pinged several times: yes, other frames: 0, still connected: yes
-> text fin=1 masked len=10
<- text fin=1 len=10 'still here'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
