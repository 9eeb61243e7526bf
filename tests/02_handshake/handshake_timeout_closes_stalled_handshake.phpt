--TEST--
Handshake: handshake_timeout closes a connection whose request is incomplete, or never sent, by then; open connections are not affected
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['handshake_timeout' => 300]);
$t_open = microtime(true);
$partial = wst_tcp($srv['port']);
wst_send_raw($partial, "GET / HTTP/1.1\r\nHost: x\r\n", 'half a request');
$silent = wst_tcp($srv['port']);
echo "-> nothing (silent connection)\n";
$ok = wst_connect($srv['port']);
$t0 = microtime(true);
foreach (['half request' => $partial, 'silent' => $silent] as $label => $ws) {
    wst_wait_eof($ws, 3.0); // reads (and ignores any error response) until EOF or 3 s
    $dt = microtime(true) - $t0;
    $early = microtime(true) - $t_open < 0.25;
    echo "$label: ", $ws->eof ? 'closed' : 'still open after 3 s', ($ws->eof && $dt < 2.5 * WST_SLOW) ? ' in time' : '', $early ? ' TOO EARLY' : '', "\n";
}
echo "open connection outlives handshake_timeout:\n";
usleep(200000);
wst_send($ok, WST_TEXT, 'alive');
wst_expect($ok);
wst_close_cleanly($ok);
wst_finish($srv);
?>
--EXPECTF--
-> half a request
-> nothing (silent connection)
<- 101 Switching Protocols
half request: closed in time
silent: closed in time
open connection outlives handshake_timeout:
-> text fin=1 masked len=5
<- text fin=1 len=5 'alive'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
