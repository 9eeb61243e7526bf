--TEST--
Limits: with close_timeout 0, a protocol error (an unmasked frame) whose client never answers: close 1002, then EOF, and the server closes its socket and reports onClose while the client still holds its own
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; if (!is_dir('/proc/self/fd')) die('skip needs /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

[$pidfile, $code] = wsh_pid_file();
$srv = wst_echo_server(['close_timeout' => 0, 'ping_interval' => 0], $code, 1, 20000);
$pid = wsh_pid($pidfile);
usleep(100000);
$fds = wsl_fd_count($pid);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'unmasked', ['mask' => false]);
$f = wst_recv_frame($ws, 3.0);
echo '<- ', $f === null ? ($ws->eof ? 'EOF' : 'TIMEOUT') : ($f['opcode'] === WST_CLOSE ? 'close ' . unpack('n', $f['payload'])[1] : wst_describe_received($f)), "\n";
echo "(the client never answers the close frame and keeps its socket open)\n";
echo "client sees EOF: ", var_export(wst_wait_eof($ws, 3.0), true), "\n";
echo "server closed its socket while the client still holds its own: ", var_export(wsl_wait_fds($pid, $fds, 3.0), true), "\n";
echo "server reported onClose 1002 meanwhile: ", var_export(wsl_wait_stdout($srv, "server: close 1 1002", 1.0), true), "\n";
wst_close_socket($ws);
wst_finish($srv, 5.0);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 unmasked len=8
<- close 1002
(the client never answers the close frame and keeps its socket open)
client sees EOF: true
server closed its socket while the client still holds its own: true
server reported onClose 1002 meanwhile: true
--- server ---
server: open 1
server: close 1 1002 '%s'
server: run returned
