--TEST--
Limits: started with an open-file limit of soft 64, hard 4096, the server raises the soft limit to 4096 when it is constructed, and 100 clients at once are all served
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
require __DIR__ . '/limits.inc';
if (!wsl_have_prlimit()) die('skip needs prlimit(1) (util-linux)');
if (getenv('WST_VALGRIND')) die('skip valgrind keeps the open-file limits it started with: the guest cannot raise its soft limit');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/limits.inc';

$srv = wst_spawn_server(<<<'PHP'
function nofile(): string
{
    if (function_exists('posix_getrlimit')) {
        $l = posix_getrlimit();
        return $l['soft openfiles'] . ':' . $l['hard openfiles'];
    }
    preg_match('/^Max open files\s+(\S+)\s+(\S+)/m', file_get_contents('/proc/self/limits'), $m);
    return "$m[1]:$m[2]";
}
echo "server: open-file limit before: ", nofile(), "\n";
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
echo "server: open-file limit after new Server: ", nofile(), "\n";
wst_guard($server, 30000);
$opens = 0;
$server->onOpen(function () use (&$opens) {
    $opens++;
});
$server->onMessage(function (WebSocket\Connection $c, string $data) use ($server, &$opens) {
    if ($data === 'stop') {
        echo "server: $opens opened\n";
        $server->stop();
    }
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
echo "server: run returned\n";
PHP, WST_READY_TIMEOUT, ['prefix' => 'prlimit --nofile=64:4096']);

$conns = wsl_connect_many($srv['port'], 100);
echo "100 clients at once: ", wsl_show_counts(wsl_read_heads($conns, 5.0)), "\n";
wst_write($conns[0], wst_frame(WST_TEXT, 'stop'));
wsl_close_all($conns);
wst_finish($srv);
?>
--EXPECTF--
100 clients at once: 101=100
--- server ---
server: open-file limit before: 64:4096
server: open-file limit after new Server: 4096:4096
server: 100 opened
server: run returned
--- server stderr ---
%smax_connections%s
