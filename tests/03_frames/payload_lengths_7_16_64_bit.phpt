--TEST--
Frames: payloads of 0, 125, 126, 65535 and 65536 bytes (7, 16 and 64-bit lengths) round-trip; server frames are unmasked, shortest length form
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
foreach ([0, 125, 126, 65535, 65536] as $i => $n) {
    $payload = '';
    for ($j = 0; $j < $n; $j++) {
        $payload .= chr(($j * 7 + $i) & 0xff);
    }
    wst_send($ws, WST_BINARY, $payload);
    $f = wst_expect($ws);
    echo "   payload identical: ", ($f !== null && $f['payload'] === $payload) ? 'yes' : 'no', "\n";
}
wst_send($ws, WST_TEXT, str_repeat('t', 70000));
$f = wst_expect($ws);
echo "   payload identical: ", ($f !== null && $f['payload'] === str_repeat('t', 70000)) ? 'yes' : 'no', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> binary fin=1 masked len=0
<- binary fin=1 len=0
   payload identical: yes
-> binary fin=1 masked len=125
<- binary fin=1 len=125 0x01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3dae1e8eff6fd040b12...
   payload identical: yes
-> binary fin=1 masked len=126
<- binary fin=1 len=126 0x020910171e252c333a41484f565d646b727980878e959ca3aab1b8bfc6cdd4dbe2e9f0f7fe050c13...
   payload identical: yes
-> binary fin=1 masked len=65535
<- binary fin=1 len=65535 0x030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d14...
   payload identical: yes
-> binary fin=1 masked len=65536
<- binary fin=1 len=65536 0x040b121920272e353c434a51585f666d747b828990979ea5acb3bac1c8cfd6dde4ebf2f900070e15...
   payload identical: yes
-> text fin=1 masked len=70000
<- text fin=1 len=70000 'tttttttttttttttttttttttttttttttttttttttt'...
   payload identical: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
