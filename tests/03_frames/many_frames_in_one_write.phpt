--TEST--
Frames: 1000 small frames (text, binary, pings) in one TCP write are all handled, in order
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server();
$ws = wst_connect($srv['port']);
$bytes = '';
$want = [];
for ($i = 0; $i < 1000; $i++) {
    if ($i % 10 === 9) {
        $bytes .= wst_frame(WST_PING, "p$i");
        $want[] = "pong:p$i";
    } elseif ($i % 2) {
        $bytes .= wst_frame(WST_BINARY, "b$i");
        $want[] = "binary:b$i";
    } else {
        $bytes .= wst_frame(WST_TEXT, "t$i");
        $want[] = "text:t$i";
    }
}
wst_send_raw($ws, $bytes, '1000 frames in one write (' . strlen($bytes) . ' bytes)');
$got = [];
for ($i = 0; $i < 1000 && ($f = wst_recv_frame($ws)) !== null; $i++) {
    $got[] = wst_opcode_name($f['opcode']) . ':' . $f['payload'];
}
echo '<- ', count($got), ' answers, ', $got === $want ? 'all in order' : 'NOT as expected', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> 1000 frames in one write (%d bytes)
<- 1000 answers, all in order
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
