<?php
/*
 * Redis going away under bin/pusher-server --redis, and coming back: a presence subscribe while Redis is down gets
 * pusher:error 4100 and close 4100 (pusher-js retries in a second), the HTTP API answers 503 with the reason, and
 * once Redis is back on the same port both work again without a restart. Public channels need no Redis call.
 *   php outage.php EXTENSION_SO
 */
declare(strict_types=1);
$root = dirname(__DIR__, 3);
require $root . '/tests/inc/client.inc';
spl_autoload_register(function (string $c) use ($root): void {
    if (str_starts_with($c, 'WebSocket\\Pusher\\')) {
        require $root . '/integrations/pusher/src/' . str_replace('\\', '/', substr($c, 17)) . '.php';
    }
});

use WebSocket\Pusher\App;
use WebSocket\Pusher\Signature;

$failed = 0;
function check(string $name, bool $ok, string $detail = ''): void
{
    global $failed;
    $failed += $ok ? 0 : 1;
    echo "check outage $name ", $ok ? 'OK' : "FAILED: $detail", "\n";
}
function free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $p = (int) explode(':', stream_socket_get_name($s, false))[1];
    fclose($s);
    return $p;
}
function start_redis(int $port)
{
    $p = proc_open(['redis-server', '--port', (string) $port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline && !str_contains((string) fgets($pipes[1]), 'Ready to accept')) {
    }
    return $p;
}
function msg(WstConn $ws, float $t = 3.0): ?array
{
    $f = wst_recv_frame($ws, $t);
    if ($f === null) {
        return null;
    }
    return $f['opcode'] === WST_CLOSE ? ['close' => unpack('n', substr($f['payload'], 0, 2))[1] ?? null] : json_decode($f['payload'], true);
}
function pusher_conn(int $port): array
{
    $ws = wst_connect($port, '/app/app-key?protocol=7', [], true);
    $m = msg($ws);
    return [$ws, json_decode($m['data'] ?? '{}', true)['socket_id'] ?? ''];
}
function join_presence(WstConn $ws, string $sid, string $uid): void
{
    $cd = json_encode(['user_id' => $uid]);
    $auth = Signature::channelAuth(new App('123456', 'app-key', 'app-secret'), $sid, 'presence-x', $cd);
    fwrite($ws->sock, wst_frame(WST_TEXT, json_encode(['event' => 'pusher:subscribe', 'data' => ['channel' => 'presence-x', 'auth' => $auth, 'channel_data' => $cd]])));
}
function api_channels(int $port): array
{
    $q = ['auth_key' => 'app-key', 'auth_timestamp' => (string) time(), 'auth_version' => '1.0'];
    ksort($q);
    $s = hash_hmac('sha256', "GET\n/apps/123456/channels\n" . urldecode(http_build_query($q)), 'app-secret');
    $body = @file_get_contents("http://127.0.0.1:$port/apps/123456/channels?" . http_build_query($q) . "&auth_signature=$s", false,
        stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 5]]));
    return [(int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1], (string) $body];
}

$rport = free_port();
$redis = start_redis($rport);
$port = free_port();
$err = sys_get_temp_dir() . '/pusher-outage-' . getmypid() . '.err';
$srv = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . $argv[1], $root . '/integrations/pusher/bin/pusher-server', '--port', (string) $port,
    '--app', '123456:app-key:app-secret', '--redis', "127.0.0.1:$rport", '--tick', '200', '--node-timeout', '1000'],
    [1 => ['pipe', 'w'], 2 => ['file', $err, 'w']], $pipes);
register_shutdown_function(function () use (&$srv, &$redis, $err): void {
    foreach ([$srv, $redis] as $p) {
        if (is_resource($p)) {
            proc_terminate($p);
            proc_close($p);
        }
    }
    @unlink($err);
});
if (!str_starts_with((string) fgets($pipes[1]), 'READY')) {
    check('server starts', false, (string) file_get_contents($err));
    exit(1);
}
[$a, $sa] = pusher_conn($port);
join_presence($a, $sa, '1');
$m = msg($a);
check('with Redis: presence subscribe succeeds', ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded', json_encode($m));

proc_terminate($redis, SIGKILL);
proc_close($redis);
usleep(300_000);
[$b, $sb] = pusher_conn($port);
join_presence($b, $sb, '2');
$e = msg($b);
$c = msg($b);
check('Redis down: presence subscribe gets pusher:error 4100, then close 4100 (pusher-js retries)',
    (json_decode($e['data'] ?? '{}', true)['code'] ?? 0) === 4100 && ($c['close'] ?? 0) === 4100, json_encode([$e, $c]));
[$st, $body] = api_channels($port);
check('Redis down: the HTTP API answers 503 with the reason', $st === 503 && str_contains($body, 'Redis'), "$st $body");
[$p, $sp] = pusher_conn($port);
fwrite($p->sock, wst_frame(WST_TEXT, json_encode(['event' => 'pusher:subscribe', 'data' => ['channel' => 'public-x']])));
$m = msg($p);
check('Redis down: public channels still work', ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded', json_encode($m));

$redis = start_redis($rport);
usleep(500_000);
[$d, $sd] = pusher_conn($port);
join_presence($d, $sd, '3');
$m = msg($d);
$ids = json_decode($m['data'] ?? '{}', true)['presence']['ids'] ?? [];
sort($ids);
check('Redis back on the same port (empty): presence works again, no restart, and the members filed before are filed again',
    ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded' && $ids === ['1', '3'], json_encode($m));
[$st, $body] = api_channels($port);
check('Redis back: the HTTP API answers again', $st === 200, "$st $body");
echo "outage: ", $failed === 0 ? 'all OK' : "$failed failed", "\n";
exit($failed === 0 ? 0 : 1);
