--TEST--
Timers: ping_interval 0, idle_timeout 0 and handshake_timeout 0 turn those timers off
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['ping_interval' => 0, 'idle_timeout' => 0, 'handshake_timeout' => 0]);
$ws = wst_connect($srv['port']);
echo "silent connection, 700 ms: nothing sent to it and still open: ", wst_quiet_for($ws, 0.7) ? 'yes' : 'no', "\n";
$slow = wst_tcp($srv['port']);
wst_write($slow, "GET / HTTP/1.1\r\n");
echo "half a handshake, 700 ms: still open: ", wst_quiet_for($slow, 0.7) ? 'yes' : 'no', "\n";
wst_close_socket($slow);
wst_send($ws, WST_TEXT, 'hi');
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
silent connection, 700 ms: nothing sent to it and still open: yes
half a handshake, 700 ms: still open: yes
-> text fin=1 masked len=2
<- text fin=1 len=2 'hi'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: close 1 1000 ''
server: run returned
