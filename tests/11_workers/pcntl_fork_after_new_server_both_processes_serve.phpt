--TEST--
Fork: pcntl_fork() after new Server and before run(): parent and child each run their own loop on the inherited listener and both serve (each counts its connection ids on its own); SIGTERM to the child stops only the child (its clients get 1001) while the parent's clients keep echoing; SIGTERM to the parent stops it; both exit 0
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (!function_exists('pcntl_fork')) die('skip needs pcntl');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/workers.inc';

$srv = wst_spawn_server(WSW_SERVER_FUNCTIONS . <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['ping_interval' => 0]);
wst_guard($server, 20000);
$child = pcntl_fork();
if ($child < 0) {
    echo "fork failed\n";
    exit(1);
}
$role = $child === 0 ? 'child' : 'parent';
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) use ($server) {
    wsw_handle($server, $c, $data, $binary);
});
$server->onShutdown(function (int $code) use ($server, $role) {
    echo "$role: onShutdown($code), " . count($server) . " open\n";
});
if ($child > 0) {
    echo 'READY ', $server->getPort(), "\n";
}
$server->run();
echo "$role: run returned\n";
if ($child > 0) {
    $status = -1;
    $waited = pcntl_waitpid($child, $status);
    echo "parent: the child exited with status " . ($waited === $child && pcntl_wifexited($status) ? pcntl_wexitstatus($status) : 'unknown') . "\n";
}
PHP, WST_READY_TIMEOUT, ['prefix' => WSW_DEFAULT_SIGNALS]);
$parent = wsw_pid($srv);
$kids = wsw_wait_children($parent, 1);
$child = $kids[0] ?? 0;

$by = wsw_spread($srv['port'], 2, 2, true);
$parents = $by[$parent] ?? [];
$childs = $by[$child] ?? [];
echo "clients served by the parent: ", count($parents), ", by the child: ", count($childs), "\n";
$min_id = fn (array $clients) => $clients ? min(array_map(fn (WswClient $c) => $c->id, $clients)) : 0;
echo "each process counts its ids from 1: parent ", $min_id($parents), ", child ", $min_id($childs), "\n";
echo "echo on all 4: ", wsw_echo_all(wsw_all($by), 'hello'), "\n";

echo "(SIGTERM to the child)\n";
wsw_kill($child, 'TERM');
echo "child's clients:\n", implode("\n", wsw_expect_close_all($childs)), "\n";
echo "the child exits: ", var_export(wsw_wait_gone($child), true), "\n";
echo "the parent's clients still echo: ", wsw_echo_all($parents, 'still here'), " of ", count($parents), "\n";
$late = wsw_connect($srv['port']);
echo "a new client is served by the parent: ", var_export($late !== null && $late->pid === $parent, true), "\n";
if ($late) {
    $parents[] = $late;
}

echo "(SIGTERM to the parent)\n";
wsw_kill($parent, 'TERM');
echo "parent's clients:\n", implode("\n", wsw_expect_close_all($parents)), "\n";
wsw_finish($srv);
?>
--EXPECT--
clients served by the parent: 2, by the child: 2
each process counts its ids from 1: parent 1, child 1
echo on all 4: 4
(SIGTERM to the child)
child's clients:
2 x close 1001 'server shutting down', EOF
the child exits: true
the parent's clients still echo: 2 of 2
a new client is served by the parent: true
(SIGTERM to the parent)
parent's clients:
3 x close 1001 'server shutting down', EOF
--- server ---
child: onShutdown(1001), 2 open
child: run returned
parent: onShutdown(1001), 3 open
parent: run returned
parent: the child exited with status 0
--- server stderr ---
WebSocket\Server: notice: SIGTERM: stopping gracefully (2 connection(s), shutdown_timeout 5000 ms)
WebSocket\Server: notice: SIGTERM: stopping gracefully (3 connection(s), shutdown_timeout 5000 ms)
