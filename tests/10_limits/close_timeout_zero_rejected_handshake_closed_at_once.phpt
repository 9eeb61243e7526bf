--TEST--
Limits: with close_timeout 0, a rejected handshake (404) whose client keeps its socket open and sends nothing more: the client gets the 404 and EOF, and the server closes its socket at once (0 does not mean "wait for ever")
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
$srv = wst_echo_server(['path' => '/ws', 'close_timeout' => 0, 'handshake_timeout' => 30000, 'ping_interval' => 0], $code, 1, 20000);
$pid = wsh_pid($pidfile);
usleep(100000);
$fds = wsl_fd_count($pid);
$resp = wst_handshake_raw($srv['port'], wst_request('/other'), $ws);
echo '<- ', wst_status_line($resp), "\n";
echo "(the client keeps its socket open and sends nothing)\n";
echo "client sees EOF: ", var_export(wst_wait_eof($ws, 3.0), true), "\n";
echo "server closed its socket while the client still holds its own: ", var_export(wsl_wait_fds($pid, $fds, 3.0), true), "\n";
wst_close_socket($ws);
echo "a good client afterwards: ";
$ok = wst_connect($srv['port'], '/ws');
wst_close_cleanly($ok);
wst_finish($srv);
?>
--EXPECTF--
<- HTTP/1.1 404 Not Found
(the client keeps its socket open and sends nothing)
client sees EOF: true
server closed its socket while the client still holds its own: true
a good client afterwards: <- 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
