--TEST--
Listeners: an IPv6 literal with or without brackets, a dual-stack "::" listener (IPv4 clients show as 127.0.0.1), and a unix socket (unix:///path, socket_mode; a stale file replaced, a live one refused, the file removed at the end)
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
$s = @stream_socket_server('tcp://[::1]:0');
if ($s === false) die('skip no IPv6 loopback');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$sock = sys_get_temp_dir() . '/wst-' . getmypid() . '.sock';
@unlink($sock);
$code = <<<'PHP'
$where = getenv('WST_LISTEN');
$server = new WebSocket\Server($where, 0, ['socket_mode' => 0600]);
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    $d === 'stop' ? $server->stop() : $c->send($c->getRemoteAddress() . ' ' . $c->getRemotePort());
});
if (str_starts_with($where, 'unix://')) {
    $path = substr($where, 7);
    printf("server: socket mode %o\n", fileperms($path) & 0777);
    try {
        new WebSocket\Server($where, 0);
    } catch (WebSocket\ServerException $e) {
        echo "server: second server on the same socket: ", $e->getMessage(), "\n";
    }
}
wst_guard($server, 8000);
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP;

function session(string $url): void
{
    $s = stream_socket_client($url, $errno, $errstr, 5);
    if (!$s) {
        echo "connect $url failed: $errstr\n";
        return;
    }
    stream_set_timeout($s, 5);
    $ws = new WstConn($s);
    wst_write($ws, wst_request('/'));
    echo preg_replace('/ \d+$/', ' <port>', wst_status_line(wst_read_head($ws))), "\n";
    wst_write($ws, wst_frame(WST_TEXT, 'who'));
    $f = wst_recv_frame($ws);
    echo "  remote address: ", preg_replace('/ [1-9]\d*$/', ' <port>', $f['payload'] ?? 'none'), "\n";
    wst_write($ws, wst_frame(WST_TEXT, 'stop'));
    wst_wait_eof($ws);
}

foreach (['::1' => 'tcp://[::1]', '[::1]' => 'tcp://[::1]', '::' => 'tcp://127.0.0.1'] as $listen => $connect) {
    putenv("WST_LISTEN=$listen");
    $srv = wst_spawn_server($code);
    echo "listen $listen, connect $connect: ";
    session("$connect:{$srv['port']}");
    wst_finish($srv);
}

file_put_contents($sock, '');  // not a socket: refused, and left alone
try {
    new WebSocket\Server("unix://$sock", 0);
} catch (WebSocket\ServerException $e) {
    echo str_replace($sock, '<sock>', $e->getMessage()), "\n";
}
var_dump(file_get_contents($sock));
unlink($sock);
putenv("WST_LISTEN=unix://$sock");
$stale = stream_socket_server("unix://$sock");  // a socket nobody will accept on
fclose($stale);
var_dump(file_exists($sock));
$srv = wst_spawn_server($code);
echo "unix socket, port {$srv['port']}: ";
session("unix://$sock");
wst_finish($srv);
var_dump(file_exists($sock));
?>
--EXPECTF--
listen ::1, connect tcp://[::1]: HTTP/1.1 101 Switching Protocols
  remote address: ::1 <port>
--- server ---
listen [::1], connect tcp://[::1]: HTTP/1.1 101 Switching Protocols
  remote address: ::1 <port>
--- server ---
listen ::, connect tcp://127.0.0.1: HTTP/1.1 101 Switching Protocols
  remote address: 127.0.0.1 <port>
--- server ---
Cannot listen on unix://<sock>:0: bind <sock>: not a socket
string(0) ""
bool(true)
unix socket, port 0: HTTP/1.1 101 Switching Protocols
  remote address: unix 0
--- server ---
server: socket mode 600
server: second server on the same socket: Cannot listen on unix://%s.sock:0: bind %s.sock: a server is listening there
bool(false)
