--TEST--
Listeners: listen() adds ports to one Server (TCP and unix, all served by the same callbacks); a second Server that run() would leave listening unserved, or a nested run(), throws instead of listening without serving; once the other one is stopped and gone, run() works
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$sock = sys_get_temp_dir() . '/wst-l-' . getmypid() . '.sock';
$portfile = sys_get_temp_dir() . '/wst-l-' . getmypid() . '.port';
putenv("WST_SOCK=$sock");
putenv("WST_PORTFILE=$portfile");
$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0);
file_put_contents(getenv('WST_PORTFILE'), $server->listen('127.0.0.1', 0));
var_dump($server->listen('unix://' . getenv('WST_SOCK'), 0, ['socket_mode' => 0600]));
foreach ([['127.0.0.1', 0, ['backlog' => 5]], ['', 0, []], ['127.0.0.1', 70000, []]] as [$h, $p, $o]) {
    try {
        $server->listen($h, $p, $o);
    } catch (ValueError $e) {
        echo "server: ", $e->getMessage(), "\n";
    }
}
$other = new WebSocket\Server('127.0.0.1', 0);
try {
    $server->run();
} catch (Error $e) {
    echo "server: ", $e->getMessage(), "\n"; /* (no preg_replace here: PCRE's JIT reads past strings, which valgrind reports) */
}
unset($other);
$server->after(0, function () {
    $third = new WebSocket\Server('127.0.0.1', 0);
    try {
        $third->run();
    } catch (Error $e) {
        echo "server: nested: ", $e->getMessage(), "\n";
    }
});
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    $d === 'stop' ? $server->stop() : $c->send("served " . $c->getRemoteAddress());
});
wst_guard($server, 8000);
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP);
$second = (int) file_get_contents($portfile);
echo "two TCP ports: ", var_export($second > 0 && $second !== $srv['port'], true), "\n";
foreach (["tcp://127.0.0.1:{$srv['port']}", "tcp://127.0.0.1:$second", "unix://$sock"] as $i => $url) {
    $s = stream_socket_client($url, $errno, $errstr, 5);
    stream_set_timeout($s, 5);
    $ws = new WstConn($s);
    wst_write($ws, wst_request('/'));
    wst_read_head($ws);
    wst_write($ws, wst_frame(WST_TEXT, $i === 2 ? 'stop' : 'who'));
    $f = wst_recv_frame($ws);
    echo str_replace($sock, '<sock>', $url) === $url ? preg_replace('/:\d+$/', ':<port>', $url) : 'unix://<sock>', ": ",
        $f['opcode'] === WST_CLOSE ? 'close ' . unpack('n', $f['payload'])[1] : $f['payload'], "\n";
}
wst_finish($srv);
@unlink($portfile);
var_dump(file_exists($sock));
?>
--EXPECTF--
two TCP ports: true
tcp://127.0.0.1:<port>: served 127.0.0.1
tcp://127.0.0.1:<port>: served 127.0.0.1
unix://<sock>: close 1001
--- server ---
int(0)
server: WebSocket\Server::listen(): Argument #3 ($options) may only hold "socket_mode" and "tls" (the other options are the server's), "backlog" given
server: WebSocket\Server::listen(): Argument #1 ($host) must be a non-empty host name, IP address or unix:// path
server: WebSocket\Server::listen(): Argument #2 ($port) must be between 0 and 65535
server: WebSocket\Server::run(): another WebSocket\Server (127.0.0.1:%d) is listening in this process and would not be served; add ports to one Server with listen(), or stop() or unset the other first
server: nested: WebSocket\Server::run(): another WebSocket\Server is running in this process; one process serves one Server (add ports to it with listen())
server: run returned
bool(false)
