--TEST--
Hostile: declared lengths up to 2^63-1 close 1009 and the 64-bit top bit set closes 1002, before any allocation (server RSS stays flat)
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
$srv = wst_echo_server([], $code, 7, 15000, true);
$pid = wsh_pid($pidfile);
$warm = wst_connect($srv['port'], '/', [], true);
wsh_echo_ok($warm, str_repeat('w', 1000));
$rss0 = wsh_rss_kb($pid);
$cases = [
    ['2^63-1', WST_BINARY, PHP_INT_MAX],
    ['2^63 (top bit)', WST_BINARY, PHP_INT_MIN],
    ['2^64-1 (top bit)', WST_TEXT, -1],
    ['2^32', WST_BINARY, 1 << 32],
    ['max_message_size + 1', WST_BINARY, (16 << 20) + 1],
    ['2^62 on a continuation after a 1-byte fragment', null, 1 << 62],
];
foreach ($cases as [$label, $op, $len]) {
    echo "== $label\n";
    $ws = wst_connect($srv['port']);
    if ($op === null) {
        wst_send($ws, WST_BINARY, 'a', ['fin' => false]);
        $op = WST_CONT;
    }
    wst_send($ws, $op, 'abcd', ['len' => $len, 'len_form' => 64]);
    wst_expect($ws);
    wst_send_close($ws, 1000);
    wst_expect_eof($ws);
}
$rss1 = wsh_rss_kb($pid);
echo "server RSS grew by less than 4 MB: ", var_export($rss1 - $rss0 < 4096, true), " (", $rss1 - $rss0, " kB)\n";
wst_write($warm, wst_frame(WST_CLOSE, pack('n', 1000)));
wst_wait_eof($warm);
wst_finish($srv);
?>
--EXPECTF--
== 2^63-1
<- 101 Switching Protocols
-> binary fin=1 masked declared_len=9223372036854775807 sent=4 len_form=64
<- close 1009 '%s'
-> close 1000 ''
<- EOF
== 2^63 (top bit)
<- 101 Switching Protocols
-> binary fin=1 masked declared_len=0x8000000000000000 sent=4 len_form=64
<- close 1002 '%s'
-> close 1000 ''
<- EOF
== 2^64-1 (top bit)
<- 101 Switching Protocols
-> text fin=1 masked declared_len=0xFFFFFFFFFFFFFFFF sent=4 len_form=64
<- close 1002 '%s'
-> close 1000 ''
<- EOF
== 2^32
<- 101 Switching Protocols
-> binary fin=1 masked declared_len=4294967296 sent=4 len_form=64
<- close 1009 '%s'
-> close 1000 ''
<- EOF
== max_message_size + 1
<- 101 Switching Protocols
-> binary fin=1 masked declared_len=16777217 sent=4 len_form=64
<- close 1009 '%s'
-> close 1000 ''
<- EOF
== 2^62 on a continuation after a 1-byte fragment
<- 101 Switching Protocols
-> binary fin=0 masked len=1
-> cont fin=1 masked declared_len=4611686018427387904 sent=4 len_form=64
<- close 1009 '%s'
-> close 1000 ''
<- EOF
server RSS grew by less than 4 MB: true (%i kB)
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1009 '%s'
server: open 3
server: close 3 1002 '%s'
server: open 4
server: close 4 1002 '%s'
server: open 5
server: close 5 1009 '%s'
server: open 6
server: close 6 1009 '%s'
server: open 7
server: close 7 1009 '%s'
server: run returned
