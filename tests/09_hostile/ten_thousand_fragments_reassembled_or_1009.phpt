--TEST--
Hostile: 10,000 tiny fragments of one message are reassembled exactly; 10,000 fragments adding up to more than max_message_size close 1009
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['max_message_size' => 15000], '', 2, 15000, true);

function fragments(int $n, int $size, int $opcode): array
{
    $bytes = '';
    $msg = '';
    for ($i = 0; $i < $n; $i++) {
        /* Every 7th fragment is empty; the rest carry $size bytes of a running pattern. */
        $p = $i % 7 === 3 ? '' : substr(str_repeat(chr(97 + $i % 26), $size), 0, $size);
        $msg .= $p;
        $bytes .= wst_frame($i === 0 ? $opcode : WST_CONT, $p, ['fin' => $i === $n - 1, 'key' => pack('N', $i * 2654435761)]);
    }
    return [$bytes, $msg];
}

echo "== 10,000 fragments, 1-byte each (some empty), text\n";
$ws = wst_connect($srv['port']);
[$bytes, $msg] = fragments(10000, 1, WST_TEXT);
wst_send_raw($ws, $bytes, '10,000 fragments, ' . strlen($msg) . ' bytes of payload');
$f = wst_recv_frame($ws, 10.0);
echo "echo is one text message equal to the concatenation: ", var_export($f && $f['opcode'] === WST_TEXT && $f['fin'] && $f['payload'] === $msg, true), "\n";
wst_close_cleanly($ws);

echo "== 10,000 fragments of 2 bytes (20,000 > 15,000), binary\n";
$ws = wst_connect($srv['port']);
[$bytes] = fragments(10000, 2, WST_BINARY);
wst_send_raw($ws, $bytes, '10,000 fragments, ~17,000 bytes of payload');
wst_expect($ws, 10.0);
wst_send_close($ws, 1000);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
== 10,000 fragments, 1-byte each (some empty), text
<- 101 Switching Protocols
-> 10,000 fragments, 8571 bytes of payload
echo is one text message equal to the concatenation: true
-> close 1000 ''
<- close 1000 ''
<- EOF
== 10,000 fragments of 2 bytes (20,000 > 15,000), binary
<- 101 Switching Protocols
-> 10,000 fragments, ~17,000 bytes of payload
<- close 1009 '%s'
-> close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1009 '%s'
server: run returned
