<?php
/*
 * tests/integrations/thinkphp/scenario.php APP EXT: the checks of run.sh against a ThinkPHP app that has the package
 * installed. Starts a redis-server on a free loopback port, two nodes (`php think websocket`, two workers each,
 * both on that Redis) and `php think run` (the controller that pushes), all from APP, then drives raw WebSocket
 * clients (tests/inc/client.inc). Every wait is bounded; every process it started is stopped at the end.
 */
declare(strict_types=1);

// TPIT_VALGRIND=1: the servers (php think websocket) run under valgrind memcheck, every wait is 10 times longer,
// and a last check reads memcheck's logs (see server_cmd()).
if (getenv('TPIT_VALGRIND')) {
    define('WST_SLOW', 10.0);
}
require __DIR__ . '/../../inc/client.inc';

[$app, $ext] = [$argv[1] ?? '', $argv[2] ?? ''];
if (!is_file("$app/think") || !is_file($ext)) {
    fwrite(STDERR, "usage: scenario.php APP EXT\n");
    exit(2);
}

$passed = 0;
$failed = 0;
/** @var array<string, array{proc: resource, out: string, log: string}> */
$procs = [];

function check(string $name, bool $ok, string $why = ''): bool
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
        echo "check thinkphp $name OK\n";
    } else {
        $failed++;
        echo "check thinkphp $name FAILED: $why\n";
    }
    return $ok;
}

function finish(): never
{
    global $passed, $failed, $tmp;
    stop_all();
    if (getenv('TPIT_VALGRIND')) {
        $bad = '';
        $logs = glob("$tmp/vg.*.log") ?: [];
        foreach ($logs as $log) {
            $text = (string) file_get_contents($log);
            if (trim($text) !== '') {
                $bad .= basename($log) . ":\n" . substr($text, 0, 3000) . "\n";
            }
        }
        check('valgrind memcheck: no memory error in any server process (' . count($logs) . ' processes)', $logs !== [] && $bad === '', $bad);
    }
    echo "thinkphp: $passed passed, $failed failed\n";
    exit($failed === 0 && $passed > 0 ? 0 : 1);
}

function free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}

/** Starts a process in the background, its stdout and stderr in a log file. */
function spawn(string $name, array $cmd, array $env = [], ?string $cwd = null): void
{
    global $procs, $app;
    $log = sys_get_temp_dir() . "/tpit-$name-" . getmypid() . '.log';
    $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'w'], 2 => ['file', $log, 'a']],
        $pipes, $cwd ?? $app, $env + getenv());
    if (!is_resource($proc)) {
        check("start $name", false, 'proc_open failed');
        finish();
    }
    $procs[$name] = ['proc' => $proc, 'log' => $log];
}

function log_of(string $name): string
{
    global $procs;
    return isset($procs[$name]) ? (string) @file_get_contents($procs[$name]['log']) : '';
}

function running(string $name): bool
{
    global $procs;
    return isset($procs[$name]) && proc_get_status($procs[$name]['proc'])['running'];
}

/** Waits for the process to exit (at most $seconds); returns its exit code, or null if it did not. */
function wait_exit(string $name, float $seconds): ?int
{
    global $procs;
    $deadline = microtime(true) + $seconds * WST_SLOW;
    while (microtime(true) < $deadline) {
        $st = proc_get_status($procs[$name]['proc']);
        if (!$st['running']) {
            $procs[$name]['exit'] ??= $st['exitcode'];
            return $procs[$name]['exit'];
        }
        usleep(20000);
    }
    return null;
}

function stop(string $name): void
{
    global $procs;
    if (!isset($procs[$name])) {
        return;
    }
    $st = proc_get_status($procs[$name]['proc']);
    if ($st['running']) {
        posix_kill($st['pid'], SIGTERM);
        if (wait_exit($name, 15) === null) {
            posix_kill(-$st['pid'], SIGKILL);
            posix_kill($st['pid'], SIGKILL);
            wait_exit($name, 5);
        }
    }
    proc_close($procs[$name]['proc']);
    if (!getenv('TPIT_KEEP')) {
        @unlink($procs[$name]['log']);
    }
    unset($procs[$name]);
}

function stop_all(): void
{
    global $procs;
    foreach (array_reverse(array_keys($procs)) as $name) {
        stop($name);
    }
}

/**
 * The command that runs `php think websocket ...$args` as a server: under memcheck with TPIT_VALGRIND=1 (PCRE's JIT
 * off: memcheck cannot follow JIT code, and ThinkPHP uses preg_*; memory errors count, not what the framework's
 * own reference cycles leave allocated at exit).
 */
function server_cmd(string ...$args): array
{
    global $tmp, $ext;
    $php = [PHP_BINARY, '-d', "extension=$ext", 'think', 'websocket', ...$args];
    if (!getenv('TPIT_VALGRIND')) {
        return $php;
    }
    return ['env', 'USE_ZEND_ALLOC=0', 'ZEND_DONT_UNLOAD_MODULES=1', 'valgrind', '-q', '--leak-check=no',
        "--log-file=$tmp/vg.%p.log", PHP_BINARY, '-d', 'pcre.jit=0', ...array_slice($php, 1)];
}

/** Waits until something accepts TCP on the port (at most $seconds). */
function wait_port(int $port, float $seconds): bool
{
    $deadline = microtime(true) + $seconds * WST_SLOW;
    while (microtime(true) < $deadline) {
        $s = @stream_socket_client("tcp://127.0.0.1:$port", $e, $es, 0.2);
        if ($s) {
            fclose($s);
            return true;
        }
        usleep(50000);
    }
    return false;
}

/** `php think ...` in the app, to completion; [exit code, output]. */
function think(array $args, array $env = []): array
{
    global $app, $ext;
    $p = proc_open(array_merge([PHP_BINARY, '-d', "extension=$ext", 'think'], $args),
        [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, $app, $env + getenv());
    stream_set_blocking($pipes[1], false);
    $out = '';
    $rc = null;
    $deadline = microtime(true) + 30 * WST_SLOW;
    while (microtime(true) < $deadline) {
        $chunk = fread($pipes[1], 65536);
        if ($chunk !== false) {
            $out .= $chunk;
        }
        $st = proc_get_status($p);   // the exit code is there only the first time it says "not running"
        if (!$st['running']) {
            $rc = $st['exitcode'];
            break;
        }
        usleep(10000);
    }
    stream_set_blocking($pipes[1], true);
    if ($rc === null) {
        proc_terminate($p, SIGKILL);
        $out .= "(killed after 30 s)\n";
    }
    $out .= (string) stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    proc_close($p);
    return [$rc ?? -1, $out];
}

// -------------------------------------------------------------------------------------------------- clients

final class Client
{
    public WstConn $ws;
    public array $welcome = [];
    public function __construct(public string $label)
    {
    }
    public function id(): string
    {
        return (string) ($this->welcome['id'] ?? '?');
    }
}

/** Connects and reads the welcome event; null (and a failed check) if that does not happen. */
function client(int $port, string $label, string $query = '', array $headers = []): ?Client
{
    $c = new Client($label);
    $resp = wst_handshake_raw($port, wst_request('/ws' . ($query === '' ? '' : "?$query"), $headers), $ws);
    $c->ws = $ws;
    if (!str_starts_with(wst_status_line($resp), 'HTTP/1.1 101')) {
        check("connect $label", false, 'handshake answered ' . var_export(wst_status_line($resp), true));
        return null;
    }
    $e = recv_event($c);
    if (($e['type'] ?? null) !== 'welcome') {
        check("connect $label", false, 'no welcome event, got ' . json_encode($e));
        return null;
    }
    $c->welcome = $e['data'];
    return $c;
}

function send_event(Client $c, string $type, mixed $data = null): void
{
    wst_write($c->ws, wst_frame(WST_TEXT, json_encode(['type' => $type, 'data' => $data])));
}

/** The next message as a decoded event, ['close' => code] for a close frame, or null (EOF, timeout). */
function recv_event(Client $c, float $timeout = 5.0): ?array
{
    $deadline = microtime(true) + $timeout * WST_SLOW;
    do {
        $f = wst_recv_frame($c->ws, max(0.001, $deadline - microtime(true)) / WST_SLOW);
        if ($f !== null && $f['opcode'] === WST_PING) {
            wst_write($c->ws, wst_frame(WST_PONG, $f['payload']));   // the server's keepalive, not a message
        }
    } while ($f !== null && ($f['opcode'] === WST_PING || $f['opcode'] === WST_PONG));
    if ($f === null) {
        return null;
    }
    if ($f['opcode'] === WST_CLOSE) {
        return ['close' => strlen($f['payload']) >= 2 ? unpack('n', $f['payload'])[1] : 1005];
    }
    $v = json_decode($f['payload'], true);
    return is_array($v) ? $v : ['raw' => $f['payload']];
}

/** Nothing arrives on any of these clients for $seconds. Returns '' or what arrived. */
function quiet(array $clients, float $seconds = 0.5): string
{
    $deadline = microtime(true) + $seconds;
    $got = '';
    foreach ($clients as $c) {
        $left = max(0.01, $deadline - microtime(true));
        $e = recv_event($c, $left / WST_SLOW);
        if ($e !== null) {
            $got .= "{$c->label} got " . json_encode($e) . '; ';
        }
    }
    return $got;
}

/** Each client's next event has this type and data; returns '' or what was wrong. */
function expect_all(array $clients, string $type, mixed $data): string
{
    $bad = '';
    foreach ($clients as $c) {
        $e = recv_event($c);
        if (($e['type'] ?? null) !== $type || ($e['data'] ?? null) !== $data) {
            $bad .= "{$c->label} got " . json_encode($e) . ' instead of ' . json_encode(['type' => $type, 'data' => $data]) . '; ';
        }
    }
    return $bad;
}

/**
 * Asks $c's server for count($room) (and the controller, through Redis, when $c is null) until it is $want or
 * $seconds have passed. Returns [reached, last seen, seconds it took].
 */
function count_becomes(?Client $c, string $room, int $want, float $seconds): array
{
    global $portHttp;
    $t0 = microtime(true);
    $seconds *= WST_SLOW;
    $seen = null;
    while (true) {
        if ($c !== null) {
            send_event($c, 'count', $room);
            $e = recv_event($c);
            $seen = ($e['type'] ?? null) === 'count' ? $e['data'] : json_encode($e);
        } else {
            $seen = http_get($portHttp, '/push/count?room=' . rawurlencode($room))['count'] ?? null;
        }
        $took = microtime(true) - $t0;
        if ($seen === $want || $took > $seconds) {
            return [$seen === $want, $seen, $took];
        }
        usleep(200000);
    }
}

/** How many Redis links (server processes) are subscribed to the channel. */
function numsub(string $channel): int
{
    global $redisPort;
    static $r = null;
    if ($r === null) {
        $r = new Redis();
        $r->connect('127.0.0.1', $redisPort, 2.0);
    }
    return (int) ($r->rawCommand('PUBSUB', 'NUMSUB', $channel)[1] ?? 0);
}

/**
 * A join reaches the other nodes once Redis has confirmed the node's SUBSCRIBE to the room's channel (one round
 * trip after the join): waits (at most 5 s) until more links than $before are subscribed.
 */
function wait_subscribed(string $channel, int $before): bool
{
    $deadline = microtime(true) + 5 * WST_SLOW;
    while (numsub($channel) <= $before) {
        if (microtime(true) > $deadline) {
            return false;
        }
        usleep(10000);
    }
    return true;
}

/** What the servers wrote to Redis for count(), for a failure's message. */
function presence_dump(): string
{
    global $redisPort;
    $r = new Redis();
    $r->connect('127.0.0.1', $redisPort, 2.0);
    $out = [];
    foreach ($r->sMembers('ws:presence') as $m) {
        $out[$m] = ['ttl' => $r->ttl("ws:presence:$m"), 'rooms' => $r->hGetAll("ws:presence:$m")];
    }
    return json_encode($out);
}

/**
 * SIGKILL to a process and everything under it (its workers), as a machine that dies: the master is stopped
 * first (SIGSTOP), so it restarts no worker, and no worker sees it gone and stops gracefully.
 */
function kill_tree(int $pid): void
{
    posix_kill($pid, SIGSTOP);
    $children = [];
    foreach (glob('/proc/[0-9]*/stat') ?: [] as $f) {
        $stat = @file_get_contents($f);
        if ($stat !== false && ($p = strrpos($stat, ')')) !== false) {
            $fields = explode(' ', substr($stat, $p + 2));
            if ((int) $fields[1] === $pid) {
                $children[] = (int) basename(dirname($f));
            }
        }
    }
    foreach ($children as $child) {
        kill_tree($child);
    }
    posix_kill($pid, SIGKILL);
}

/** The HTTP status of a GET to the controller (0 if none). */
function http_status(int $port, string $path): int
{
    $ctx = stream_context_create(['http' => ['timeout' => 10, 'ignore_errors' => true]]);
    @file_get_contents("http://127.0.0.1:$port$path", false, $ctx);
    return preg_match('~^HTTP/\S+ (\d{3})~', $http_response_header[0] ?? '', $m) ? (int) $m[1] : 0;
}

/** One HTTP GET to the controller; the decoded JSON answer or null. */
function http_get(int $port, string $path): ?array
{
    $ctx = stream_context_create(['http' => ['timeout' => 10, 'ignore_errors' => true]]);
    $body = @file_get_contents("http://127.0.0.1:$port$path", false, $ctx);
    return $body === false ? null : json_decode($body, true);
}

// -------------------------------------------------------------------------------------------------- set-up

// PHPStan (level 8) on the package as installed, against the framework and the extension's IDE stub.
$neon = "$app/phpstan-websocket.neon";
file_put_contents($neon, implode("\n", [
    'parameters:',
    '    level: 8',
    '    phpVersion: 80100',
    '    paths:',
    "        - $app/vendor/ext-websocket/think-websocket/src",
    '    scanFiles:',
    '        - ' . dirname(__DIR__, 3) . '/integrations/stubs/websocket.php',
    "        - $app/vendor/topthink/framework/src/helper.php",
    '',
]));
exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg("$app/vendor/bin/phpstan") . ' analyse --no-progress --error-format=raw --memory-limit=1G -c '
    . escapeshellarg($neon) . ' 2>&1', $lines, $rc);
check('phpstan level 8: integrations/thinkphp/src', $rc === 0, implode("\n", $lines));
$lines = [];

// The package's composer.json as Packagist would take it.
$pkg = dirname(__DIR__, 3) . '/integrations/thinkphp';
exec('cd ' . escapeshellarg($pkg) . ' && COMPOSER_ALLOW_SUPERUSER=1 composer validate --strict --no-check-lock 2>&1', $lines, $rc);
check('integrations/thinkphp/composer.json: composer validate --strict', $rc === 0, implode("\n", $lines));
check('installing the package published config/websocket.php and registered the service',
    is_file("$app/config/websocket.php") && str_contains((string) @file_get_contents("$app/vendor/services.php"), 'WebSocket\\\\Think\\\\Service'),
    (string) @file_get_contents("$app/vendor/services.php"));

$tmp = sys_get_temp_dir() . '/tpit-' . getmypid();
@mkdir($tmp);
register_shutdown_function(static function () use ($tmp): void {
    stop_all();
    if (getenv('TPIT_KEEP')) {
        echo "kept $tmp\n";
        return;
    }
    $rm = static function (string $path) use (&$rm): void {
        if (is_dir($path) && !is_link($path)) {
            foreach (scandir($path) ?: [] as $f) {
                if ($f !== '.' && $f !== '..') {
                    $rm("$path/$f");
                }
            }
            @rmdir($path);
        } else {
            @unlink($path);
        }
    };
    $rm($tmp);
});
pcntl_async_signals(true);
pcntl_signal(SIGTERM, static fn () => finish());
pcntl_signal(SIGINT, static fn () => finish());

$redisPort = free_port();
spawn('redis', ['redis-server', '--port', (string) $redisPort, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', $tmp], [], $tmp);
if (!check('redis-server starts', wait_port($redisPort, 10), 'no answer on port ' . $redisPort . ': ' . log_of('redis'))) {
    finish();
}

$node = static function (string $name, int $port) use ($ext, $redisPort, $tmp): array {
    return [
        'PHP_WEBSOCKET_PORT' => (string) $port,
        'PHP_WEBSOCKET_WORKERS' => '2',
        'PHP_WEBSOCKET_REDIS_HOST' => '127.0.0.1',
        'PHP_WEBSOCKET_REDIS_PORT' => (string) $redisPort,
        'PHP_WEBSOCKET_PID_FILE' => "$tmp/$name.pid",
    ];
};
$start = static function (string $name, int $port) use ($node, $ext): bool {
    spawn($name, server_cmd(), $node($name, $port));
    $ok = wait_port($port, 15);
    return check("$name starts (php think websocket, 2 workers)", $ok && running($name),
        'not serving port ' . $port . ': ' . log_of($name));
};

$portA = free_port();
$portB = free_port();
$portHttp = free_port();
if (!$start('nodeA', $portA) || !$start('nodeB', $portB)) {
    finish();
}
spawn('http', [PHP_BINARY, 'think', 'run', '-H', '127.0.0.1', '-p', (string) $portHttp], [
    'PHP_WEBSOCKET_REDIS_HOST' => '127.0.0.1',
    'PHP_WEBSOCKET_REDIS_PORT' => (string) $redisPort,
]);
check('php think run starts', wait_port($portHttp, 10), 'not serving: ' . log_of('http'));

[$rc, $out] = think(['websocket', 'status'], $node('nodeA', $portA));
check('status of a running node', $rc === 0 && str_contains($out, 'Running'), "exit $rc: $out");
[$rc, $out] = think(['websocket'], $node('nodeA', $portA));
check('a second start with the same pid file is refused', $rc === 1 && str_contains($out, 'Already running'), "exit $rc: $out");
[$rc, $out] = think(['websocket', 'start'], ['PHP_WEBSOCKET_PID_FILE' => "$tmp/other.pid"] + $node('nodeA', $portA));
check('a start on a port in use exits 1 and says why', $rc === 1 && str_contains($out, 'Cannot listen on 127.0.0.1:' . $portA), "exit $rc: $out");
[$rc, $out] = think(['websocket'], ['PHP_WEBSOCKET_PID_FILE' => "$tmp/other.pid", 'PHP_WEBSOCKET_WORKERS' => '-3'] + $node('nodeA', free_port()));
check('a wrong option exits 1 with the extension\'s message', $rc === 1 && str_contains($out, 'config/websocket.php: ') && str_contains($out, 'workers'), "exit $rc: $out");
[$rc, $out] = think(['websocket', 'sideways'], $node('nodeA', $portA));
check('an unknown action exits 1', $rc === 1 && str_contains($out, 'Unknown action'), "exit $rc: $out");

// ----------------------------------------------------------------------- the Open event and the think\Request
$a1 = client($portA, 'a1', 'room=red&user=u1', ['Cookie' => 'sid=s%201; other=x', 'X-Test' => 'hello']);
if ($a1 === null) {
    finish();
}
$w = $a1->welcome;
check('websocket.Open gets the upgrade request as a think\\Request',
    $w['path'] === 'ws' && $w['user'] === 'u1' && $w['cookie'] === 's 1' && $w['header'] === 'hello' && $w['ip'] === '127.0.0.1',
    json_encode($w));
check('client ids are "{node}.{connection}"', Rooms_is_id($a1->id()) && explode('.', $a1->id())[0] === (string) $w['node'], $a1->id());
check('joined in websocket.Open', $w['rooms'] === ['red'], json_encode($w['rooms']));

wst_write($a1->ws, wst_frame(WST_TEXT, 'whoreq'));
$e = recv_event($a1);
check('the upgrade request is the container\'s request only during websocket.Open (no connection sees another\'s later)',
    ($e['raw'] ?? null) === 'req:null', json_encode($e));
$resp = wst_handshake_raw($portA, wst_request('/ws?token=bad'), $refused);
check('websocket.Handshake: a listener that returns false refuses the upgrade with 403', str_starts_with(wst_status_line($resp), 'HTTP/1.1 403'), wst_status_line($resp));
$auth = client($portA, 'auth', 'token=good-alice');
check('websocket.Handshake: what a listener returns becomes the connection\'s data', ($auth->welcome['auth'] ?? null) === ['user' => 'alice', 'ip' => '127.0.0.1'],
    json_encode($auth?->welcome));
if ($auth !== null) {
    wst_write($auth->ws, wst_frame(WST_CLOSE, pack('n', 1000)));
}


function Rooms_is_id(string $id): bool
{
    $p = explode('.', $id);
    return count($p) === 2 && ctype_digit($p[0]) && ctype_digit($p[1]);
}

// A second client on the other worker of node A: a1's worker is kept busy while it connects.
send_event($a1, 'sleep', 600);
usleep(100000);
$a2 = client($portA, 'a2');
$slept = recv_event($a1);
check('a1\'s worker was busy', ($slept['type'] ?? null) === 'slept', json_encode($slept));
if ($a2 === null) {
    finish();
}
check('node A has two workers serving (a1 and a2 on different ones)', $a2->welcome['pid'] !== $a1->welcome['pid'],
    'both on pid ' . $a1->welcome['pid']);
$a3 = client($portA, 'a3');
$b1 = client($portB, 'b1');
$b2 = client($portB, 'b2');
if ($a3 === null || $b1 === null || $b2 === null) {
    finish();
}
check('the two nodes have different node ids', $a1->welcome['node'] !== $b1->welcome['node'],
    "{$a1->welcome['node']} and {$b1->welcome['node']}");

// ------------------------------------------------------------------------------------------------ messages
wst_write($a2->ws, wst_frame(WST_TEXT, 'ping'));
$e = recv_event($a2);
check('websocket.Message: a plain text message reaches the listener, push() answers the sender', ($e['raw'] ?? null) === 'echo:ping', json_encode($e));

// --------------------------------------------------------------------------------------------------- rooms
send_event($a2, 'join', 'red');
$e = recv_event($a2);
check('join (other worker of node A)', ($e['data'] ?? null) === ['red'], json_encode($e));
$subs = numsub('ws:room:red');
send_event($b1, 'join', ['red', 'green']);
$e = recv_event($b1);
check('join several rooms (node B)', ($e['data'] ?? null) === ['red', 'green'], json_encode($e));
check('node B subscribes to the room\'s Redis channel', wait_subscribed('ws:room:red', $subs), "still $subs subscribers");
send_event($a3, 'join', 'blue');
recv_event($a3);

$members = [$a1, $a2, $b1];
$others = [$a3, $b2];
send_event($a1, 'say', ['room' => 'red', 'text' => 'hello red']);
$said = ['from' => $a1->id(), 'text' => 'hello red'];
$bad = expect_all($members, 'said', $said);
check('to(room)->emit() reaches every member: both workers of node A and node B', $bad === '', $bad);
$q = quiet($others);
check('... and nobody else', $q === '', $q);

send_event($b1, 'shout', ['room' => 'red', 'text' => 'all but me']);
$bad = expect_all([$a1, $a2], 'shouted', ['from' => $b1->id(), 'text' => 'all but me']);
$q = quiet([$b1, $a3, $b2]);
check('broadcast()->to(room) leaves the sender out', $bad === '' && $q === '', $bad . $q);

[$ok, $seen] = count_becomes($a1, 'red', 3, 6.0);
check('count(room) in the server adds up both workers of node A and node B (as B reported it)', $ok, "saw $seen, not 3");

send_event($a3, 'whisper', ['to' => $b2->id(), 'text' => 'psst']);
$bad = expect_all([$b2], 'whispered', ['from' => $a3->id(), 'text' => 'psst']);
$q = quiet([$a1, $a2, $a3, $b1]);
check('toClient(id) reaches one client on another node', $bad === '' && $q === '', $bad . $q);

send_event($a2, 'leave', 'red');
$e = recv_event($a2);
send_event($b1, 'say', ['room' => 'red', 'text' => 'after leave']);
$bad = expect_all([$a1, $b1], 'said', ['from' => $b1->id(), 'text' => 'after leave']);
$q = quiet([$a2, $a3, $b2]);
check('leave(room): no more messages of the room', ($e['data'] ?? null) === [] && $bad === '' && $q === '', json_encode($e) . $bad . $q);
[$ok, $seen] = count_becomes($a1, 'red', 2, 6.0);
check('count(room) after a leave', $ok, "saw $seen, not 2");

// ------------------------------------------------------------------------- push from a controller (php think run)
$r = http_get($portHttp, '/push/emit?room=red&text=' . rawurlencode('from PHP-FPM'));
$bad = expect_all([$a1, $b1], 'pushed', 'from PHP-FPM');
$q = quiet([$a2, $a3, $b2]);
check('a controller pushes through Redis to the room\'s members on both nodes, nobody else',
    is_array($r) && ($r['receivers'] ?? 0) > 0 && $bad === '' && $q === '', json_encode($r) . ' ' . $bad . $q . log_of('http'));
[$ok, $seen] = count_becomes(null, 'red', 2, 6.0);
check('a controller counts a room\'s members on every node through Redis', $ok, "saw $seen, not 2");
$r = http_get($portHttp, '/push/client?id=' . $a3->id() . '&text=direct');
$e = recv_event($a3);
check('a controller pushes to one client by id', ($e['raw'] ?? null) === 'direct', json_encode($r) . ' ' . json_encode($e));

$r = http_get($portHttp, '/push/all?text=' . rawurlencode('to everyone'));
$bad = expect_all([$a1, $a2, $a3, $b1, $b2], 'everyone', 'to everyone');
check('broadcast() from a controller reaches every client of both nodes', ($r['receivers'] ?? 0) > 0 && $bad === '', json_encode($r) . ' ' . $bad);
send_event($a3, 'announce', 'hello all');
$bad = expect_all([$a1, $a2, $b1, $b2], 'announced', ['from' => $a3->id(), 'text' => 'hello all']);
$q = quiet([$a3]);
check('broadcast() in a listener reaches everyone but the sender, both workers and both nodes', $bad === '' && $q === '', $bad . $q);

// The same controller in a PHP without phpredis (conf.d without redis.ini): through Predis.
$iniDir = "$tmp/conf.d";
@mkdir($iniDir);
$scan = (string) (php_ini_scanned_files() ?: '');
foreach (array_filter(array_map('trim', explode(',', $scan))) as $ini) {
    if (!str_contains(basename($ini), 'redis')) {
        copy($ini, $iniDir . '/' . basename($ini));
    }
}
$portPredis = free_port();
spawn('http-predis', [PHP_BINARY, 'think', 'run', '-H', '127.0.0.1', '-p', (string) $portPredis], [
    'PHP_INI_SCAN_DIR' => $iniDir,
    'PHP_WEBSOCKET_REDIS_HOST' => '127.0.0.1',
    'PHP_WEBSOCKET_REDIS_PORT' => (string) $redisPort,
]);
if (check('php think run without phpredis starts', wait_port($portPredis, 10), log_of('http-predis'))) {
    $d = http_get($portPredis, '/push/driver');
    $r = http_get($portPredis, '/push/emit?room=red&text=' . rawurlencode('through Predis'));
    $bad = expect_all([$a1, $b1], 'pushed', 'through Predis');
    $q = quiet([$a2, $a3, $b2]);
    $n = http_get($portPredis, '/push/count?room=red');
    check('without phpredis, a controller pushes and counts through Predis', $d === ['phpredis' => false, 'predis' => true]
        && ($r['receivers'] ?? 0) > 0 && $bad === '' && $q === '' && ($n['count'] ?? null) === 2,
        json_encode([$d, $r, $n]) . " $bad $q " . log_of('http-predis'));
}
stop('http-predis');

$bad = [http_status($portHttp, '/push/client?id=12&text=x'), http_status($portHttp, '/push/emit?room=&text=x'),
    http_status($portHttp, '/push/emit?room=red&text=%FF')];
$q = quiet([$a1, $a2, $a3, $b1, $b2]);
check('a controller\'s bad push (not a client id, no room, text that is not UTF-8) throws (500) and sends nothing',
    $bad === [500, 500, 500] && $q === '', json_encode($bad) . ' ' . $q);

// --------------------------------------------------------------------------- memory: none kept per message
// Rounds of traffic through both workers of node A and through node B (join, emit, leave, a push to a client on
// the other node, a connection opened and closed); the PHP memory of each worker must not grow with them.
$mem = static function (Client $c): ?array {
    send_event($c, 'mem');
    $e = recv_event($c);
    return ($e['type'] ?? null) === 'mem' ? $e['data'] : null;
};
$traffic = static function (int $rounds) use ($a1, $a2, $b1, $portA): string {
    for ($i = 0; $i < $rounds; $i++) {
        foreach ([$a1, $a2] as $c) {
            send_event($c, 'join', 'tmp');
            send_event($c, 'say', ['room' => 'tmp', 'text' => "m$i"]);
            send_event($c, 'leave', 'tmp');
            send_event($c, 'whisper', ['to' => $b1->id(), 'text' => 'w']);
            foreach (['rooms', 'said', 'rooms'] as $want) {
                $e = recv_event($c);
                if (($e['type'] ?? null) !== $want) {
                    return "round $i: {$c->label} got " . json_encode($e) . " instead of $want";
                }
            }
            if ((recv_event($b1)['type'] ?? null) !== 'whispered') {
                return "round $i: b1 missed a whisper";
            }
        }
        $x = client($portA, 'churn', 'room=churn');
        if ($x === null) {
            return "round $i: no connection";
        }
        wst_write($x->ws, wst_frame(WST_CLOSE, pack('n', 1000)));
        recv_event($x);
        fclose($x->ws->sock);
    }
    return '';
};
$err = $traffic(100);
$m1 = [$mem($a1), $mem($a2), $mem($b1)];
$err .= $traffic(400);
$m2 = [$mem($a1), $mem($a2), $mem($b1)];
$growth = [];
foreach ([0, 1, 2] as $k) {
    $growth[] = ($m2[$k]['bytes'] ?? PHP_INT_MAX) - ($m1[$k]['bytes'] ?? 0);
}
check('400 rounds of traffic (rooms, emits, cross-node pushes, connections) keep no PHP memory in the workers',
    $err === '' && max($growth) < 16384, $err . ' growth in bytes: ' . json_encode($growth));
echo '  (PHP memory growth over 400 rounds, in bytes: node A workers ' . $growth[0] . ' and ' . $growth[1] . ', node B ' . $growth[2] . ")\n";

// ------------------------------------------------------------------------------- close() and listener errors
$x = client($portA, 'x');
if ($x !== null) {
    send_event($x, 'bye');
    $e = recv_event($x);
    check('close() from a listener', ($e['close'] ?? null) === 4000, json_encode($e));
    wst_write($x->ws, wst_frame(WST_CLOSE, pack('n', 4000)));
    $y = client($portA, 'y');
    send_event($y, 'boom');
    $e = recv_event($y);
    check('a listener that throws: its client gets 1011, the server carries on', ($e['close'] ?? null) === 1011, json_encode($e));
    $deadline = microtime(true) + 5;
    while (microtime(true) < $deadline && !str_contains((string) @file_get_contents("$app/runtime/closes.log"), $x->id() . ' 4000')) {
        usleep(20000);
    }
    check('websocket.Close gets the client id and the code', str_contains((string) @file_get_contents("$app/runtime/closes.log"), $x->id() . ' 4000'),
        (string) @file_get_contents("$app/runtime/closes.log"));
}

// ---------------------------------------------------------- restarting node A leaves node B's rooms intact
[$rc, $out] = think(['websocket', 'stop'], $node('nodeA', $portA));
$codes = [];
foreach ([$a1, $a2, $a3] as $c) {
    $codes[$c->label] = recv_event($c)['close'] ?? null;
}
check('php think websocket stop: every client of node A gets 1001', $codes === ['a1' => 1001, 'a2' => 1001, 'a3' => 1001] && $rc === 0,
    "exit $rc ($out) " . json_encode($codes));
check('node A exits 0', wait_exit('nodeA', 10) === 0, log_of('nodeA'));
stop('nodeA');
if ($start('nodeA', $portA)) {
    $r = http_get($portHttp, '/push/emit?room=red&text=while+A+restarted');
    $bad = expect_all([$b1], 'pushed', 'while A restarted');
    check('node B\'s room members still get the room\'s messages after node A restarted', $bad === '', $bad);
    [$ok, $seen] = count_becomes($b1, 'red', 1, 3.0);
    check('node B counts its own members only once node A stopped gracefully (A removed its counts)', $ok, "saw $seen, not 1");
    $subs = numsub('ws:room:red');
    $a4 = client($portA, 'a4', 'room=red');
    check('the restarted node subscribes to the room\'s Redis channel', wait_subscribed('ws:room:red', $subs), "still $subs subscribers");
    if ($a4 !== null) {
        check('the restarted node has a new node id', $a4->welcome['node'] !== $a1->welcome['node'], (string) $a4->welcome['node']);
        send_event($b1, 'say', ['room' => 'red', 'text' => 'welcome back']);
        $bad = expect_all([$a4, $b1], 'said', ['from' => $b1->id(), 'text' => 'welcome back']);
        check('a client of the restarted node joins the room and gets node B\'s messages', $bad === '', $bad);
        [$ok, $seen] = count_becomes($b1, 'red', 2, 6.0);
        check('node B counts the restarted node\'s member', $ok, "saw $seen, not 2");

        // A node that dies without a stop (SIGKILL, every process of it) stops counting within the TTL.
        [$ok, $seen] = count_becomes(null, 'red', 2, 6.0);
        $before = "count $seen; " . presence_dump();
        kill_tree(proc_get_status($procs['nodeA']['proc'])['pid']);
        wait_exit('nodeA', 5);
        [$ok, $seen, $took] = count_becomes(null, 'red', 1, 10.0);
        check('a node killed with SIGKILL stops counting within its 6 s TTL (+ one beat)', $ok && $took <= 8.5 && $took >= 1.0,
            sprintf('saw %s after %.1f s; before the kill: %s', json_encode($seen), $took, $before));
        echo sprintf("  (the dead node's members stopped counting after %.1f s)\n", $took);
        stop('nodeA');
        $start('nodeA', $portA);
        $a4 = null;
    }
}

// ------------------------------------------------------------------------------------------ reload, restart
$a6 = client($portA, 'a6');
[$rc, $out] = think(['websocket', 'reload'], $node('nodeA', $portA));
$e = $a6 === null ? null : recv_event($a6, 10.0);
check('php think websocket reload: the workers are replaced, their clients get 1012', $rc === 0 && ($e['close'] ?? null) === 1012, "exit $rc ($out) " . json_encode($e));

// restart: stop (node B's clients get 1001), then start again in the foreground, in the restart's process.
$oldB = proc_get_status($procs['nodeB']['proc'])['pid'];
spawn('nodeB-restart', server_cmd('restart'), $node('nodeB', $portB));
$codes = [];
foreach ([$b1, $b2] as $c) {
    $codes[$c->label] = recv_event($c, 10.0)['close'] ?? null;
}
$exitB = wait_exit('nodeB', 15);
$deadline = microtime(true) + 15;
while (microtime(true) < $deadline && trim((string) @file_get_contents("$tmp/nodeB.pid")) !== (string) proc_get_status($procs['nodeB-restart']['proc'])['pid']) {
    usleep(50000);
}
$b3 = wait_port($portB, 5) ? client($portB, 'b3') : null;
check('php think websocket restart: the old server\'s clients get 1001, it exits 0, the new one serves in the foreground',
    $codes === ['b1' => 1001, 'b2' => 1001] && $exitB === 0 && $b3 !== null && running('nodeB-restart'),
    json_encode($codes) . " old exit " . var_export($exitB, true) . ' ' . log_of('nodeB-restart'));

// -------------------------------------------------------------------------------- stop gives every client 1001
$clientsA = array_values(array_filter([$a4 ?? null, client($portA, 'a5')]));
$clientsB = array_values(array_filter([$b3, client($portB, 'b4')]));
[$rcA, $outA] = think(['websocket', 'stop'], $node('nodeA', $portA));
[$rcB, $outB] = think(['websocket', 'stop'], $node('nodeB', $portB));
$codes = [];
foreach (array_merge($clientsA, $clientsB) as $c) {
    $codes[$c->label] = recv_event($c)['close'] ?? null;
}
check('stop: every client of both nodes gets 1001', count($codes) === count($clientsA) + count($clientsB) && count($clientsA) > 0 && count($clientsB) > 0 && array_unique(array_values($codes)) === [1001] && $rcA === 0 && $rcB === 0,
    "A exit $rcA ($outA), B exit $rcB ($outB) " . json_encode($codes));
check('both nodes exit 0', wait_exit('nodeA', 10) === 0 && wait_exit('nodeB-restart', 10) === 0, log_of('nodeA') . log_of('nodeB-restart'));
[$rc, $out] = think(['websocket', 'status'], $node('nodeB', $portB));
check('status of a stopped node', $rc === 3 && str_contains($out, 'Not running'), "exit $rc: $out");

// ----------------------------------------------------- one node without Redis; one process (no workers) with it
// Without redis in the configuration: rooms still span the node's two workers (the extension's IPC), and count()
// is the node's.
$portC = free_port();
$envC = ['PHP_WEBSOCKET_PORT' => (string) $portC, 'PHP_WEBSOCKET_WORKERS' => '2',
    'PHP_WEBSOCKET_PID_FILE' => "$tmp/nodeC.pid"];
spawn('nodeC', server_cmd(), $envC);
if (check('a node without Redis starts (2 workers)', wait_port($portC, 15), log_of('nodeC'))) {
    $c1 = client($portC, 'c1', 'room=solo');
    send_event($c1, 'sleep', 600);
    usleep(100000);
    $c2 = client($portC, 'c2', 'room=solo');
    recv_event($c1);
    if ($c1 !== null && $c2 !== null) {
        send_event($c2, 'say', ['room' => 'solo', 'text' => 'no redis']);
        $bad = expect_all([$c1, $c2], 'said', ['from' => $c2->id(), 'text' => 'no redis']);
        [$ok, $seen] = count_becomes($c1, 'solo', 2, 3.0);
        check('without Redis, a room spans both workers of the node and count() is the node\'s',
            $c1->welcome['pid'] !== $c2->welcome['pid'] && $bad === '' && $ok, "pids {$c1->welcome['pid']} {$c2->welcome['pid']}, $bad, count $seen");
    }
    [$rc, $out] = think(['websocket', 'stop'], $envC);
    check('... and stops with exit 0', $rc === 0 && wait_exit('nodeC', 10) === 0, $out . log_of('nodeC'));
}
stop('nodeC');

// A handler of the app's own, from the configuration; a class that is not one stops the start.
$portE = free_port();
$envE = ['PHP_WEBSOCKET_PORT' => (string) $portE, 'PHP_WEBSOCKET_PID_FILE' => "$tmp/nodeE.pid",
    'PHP_WEBSOCKET_HANDLER' => 'app\\websocket\\UpperHandler'];
[$rc, $out] = think(['websocket'], ['PHP_WEBSOCKET_HANDLER' => 'app\\websocket\\Nope'] + $envE);
check('a handler class that does not exist stops the start with exit 1', $rc === 1 && str_contains($out, 'websocket.handler'), "exit $rc: $out");
spawn('nodeE', server_cmd(), $envE);
if (check('a node with the app\'s own handler starts', wait_port($portE, 15), log_of('nodeE'))) {
    $resp = wst_handshake_raw($portE, wst_request('/?name=ann'), $e1);
    $hello = wst_recv_frame($e1);
    wst_write($e1, wst_frame(WST_TEXT, 'shout this'));
    $echo = wst_recv_frame($e1);
    check('the handler from websocket.handler gets the open and the messages', ($hello['payload'] ?? null) === 'hello ann'
        && ($echo['payload'] ?? null) === 'SHOUT THIS', json_encode([$hello['payload'] ?? null, $echo['payload'] ?? null]));
}
stop('nodeE');

$portD = free_port();
$envD = ['PHP_WEBSOCKET_PORT' => (string) $portD, 'PHP_WEBSOCKET_WORKERS' => '1', 'PHP_WEBSOCKET_REDIS_HOST' => '127.0.0.1',
    'PHP_WEBSOCKET_REDIS_PORT' => (string) $redisPort, 'PHP_WEBSOCKET_PID_FILE' => "$tmp/nodeD.pid"];
spawn('nodeD', server_cmd(), $envD);
if (check('one process (workers 1) with Redis starts', wait_port($portD, 15), log_of('nodeD'))) {
    $subs = numsub('ws:room:single');
    $d1 = client($portD, 'd1', 'room=single');
    wait_subscribed('ws:room:single', $subs);
    $r = http_get($portHttp, '/push/emit?room=single&text=one');
    $bad = $d1 === null ? 'no client' : expect_all([$d1], 'pushed', 'one');
    [$ok, $seen] = count_becomes(null, 'single', 1, 6.0);
    check('one process: a controller pushes to it through Redis and counts its members', $bad === '' && $ok, "$bad count $seen");
    [$rc, $out] = think(['websocket', 'stop'], $envD);
    $e = $d1 === null ? null : recv_event($d1);
    [$ok, $seen] = count_becomes(null, 'single', 0, 3.0);
    check('one process: stop gives 1001, exit 0, and its counts are gone at once', ($e['close'] ?? null) === 1001 && $rc === 0
        && wait_exit('nodeD', 10) === 0 && $ok, json_encode($e) . " exit $rc, count $seen " . log_of('nodeD'));
}
stop('nodeD');

// ------------------------------------------------------------- the README's Supervisor block, under supervisord
$readme = (string) file_get_contents(dirname(__DIR__, 3) . '/integrations/thinkphp/README.md');
$block = preg_match('/```ini\n(\[program:think-websocket\].*?)```/s', $readme, $m) ? $m[1] : '';
if (check('integrations/thinkphp/README.md has the Supervisor block', $block !== '', 'no ```ini [program:think-websocket] block')) {
    $portS = free_port();
    $lines = [];
    foreach (explode("\n", $block) as $line) {
        if (str_starts_with($line, 'command=')) {
            $line = 'command=' . PHP_BINARY . " -d extension=$ext $app/think websocket";
        } elseif (str_starts_with($line, 'directory=')) {
            $line = "directory=$app";
        } elseif (str_starts_with($line, 'user=')) {
            continue;   // the test runs as whoever runs it
        } elseif (preg_match('/^(stdout|stderr)_logfile=/', $line, $mm)) {
            $line = "{$mm[1]}_logfile=$tmp/sup-{$mm[1]}.log";
        }
        $lines[] = $line;
    }
    $lines[] = "environment=PHP_WEBSOCKET_PORT=\"$portS\",PHP_WEBSOCKET_WORKERS=\"2\",PHP_WEBSOCKET_PID_FILE=\"$tmp/sup.pid\"";
    file_put_contents("$tmp/supervisord.conf", implode("\n", [
        '[unix_http_server]', "file=$tmp/sup.sock", '',
        '[supervisord]', "logfile=$tmp/supervisord.log", "pidfile=$tmp/supervisord.pid", 'nodaemon=true', '',
        '[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '',
        '[supervisorctl]', "serverurl=unix://$tmp/sup.sock", '',
        ...$lines,
    ]) . "\n");
    $ctl = static function (string ...$args) use ($tmp): array {
        exec('supervisorctl -c ' . escapeshellarg("$tmp/supervisord.conf") . ' ' . implode(' ', array_map('escapeshellarg', $args)) . ' 2>&1', $o, $rc);
        return [$rc, implode("\n", $o)];
    };
    spawn('supervisord', ['supervisord', '-n', '-c', "$tmp/supervisord.conf"], [], $tmp);
    $deadline = microtime(true) + 15;
    do {
        usleep(200000);
        [, $st] = $ctl('status', 'think-websocket');
    } while (!str_contains($st, 'RUNNING') && microtime(true) < $deadline);
    if (check('supervisord runs php think websocket from the README block', str_contains($st, 'RUNNING') && wait_port($portS, 10), $st . log_of('supervisord'))) {
        $s1 = client($portS, 's1', 'room=sup');
        [$rc, $o] = $ctl('signal', 'HUP', 'think-websocket');
        $e = $s1 === null ? null : recv_event($s1, 10.0);
        check('supervisorctl signal HUP: the workers are replaced, their clients get 1012', ($e['close'] ?? null) === 1012, "$o " . json_encode($e));
        $s2 = client($portS, 's2', 'room=sup');
        $s3 = client($portS, 's3');
        [$rc, $o] = $ctl('stop', 'think-websocket');
        $codes = [];
        foreach (array_filter([$s2, $s3]) as $c) {
            $codes[$c->label] = recv_event($c)['close'] ?? null;
        }
        [, $st] = $ctl('status', 'think-websocket');
        check('supervisorctl stop: every client gets 1001, the program is STOPPED', $codes === ['s2' => 1001, 's3' => 1001] && str_contains($st, 'STOPPED'),
            "$o; $st; " . json_encode($codes) . ' ' . @file_get_contents("$tmp/sup-stderr.log"));
    }
    stop('supervisord');
}

finish();
