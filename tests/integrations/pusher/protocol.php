<?php
/*
 * The Pusher protocol at the frame level, against integrations/pusher/bin/pusher-server (two apps, one process):
 * the reference's test vectors, connection, errors and close codes, channel auth, presence, client events, cache
 * channels, the HTTP API's signing rules and routes, and the real pusher-php-server client (from the test app's
 * vendor directory, argv[2]). One "check pusher ... OK|FAILED" line per check.
 *
 *   php protocol.php EXTENSION_SO APP_DIR
 */
declare(strict_types=1);
error_reporting(E_ALL);
$root = dirname(__DIR__, 3);
require $root . '/tests/inc/client.inc';
require $argv[2] . '/vendor/autoload.php';   // pusher/pusher-php-server
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
    if (!$ok) {
        $failed++;
    }
    echo "check pusher $name ", $ok ? 'OK' : "FAILED: $detail", "\n";
}

// ---- test vectors from shared/reference/pusher-protocol.md ----
$app = new App('123456', 'app-key', 'app-secret');
check('vector: private channel auth', Signature::channelAuth($app, '1234.5678', 'private-orders.1')
    === 'app-key:b9db33bdf95d8b131d3a251ee3fd4c230a90419e512d374ddee11a71f579c824');
check('vector: presence channel auth', Signature::channelAuth($app, '1234.5678', 'presence-room.1', '{"user_id":"42","user_info":{"name":"Ann"}}')
    === 'app-key:219713b56215e077883b3b46c4f2ca3dd8832758599b222014956e7908984dbf');
$q = Signature::parseQuery('auth_key=app-key&auth_timestamp=1795957272&auth_version=1.0&body_md5=c62f2263daeb8ddceaff618d9087ed9b');
check('vector: HTTP API events signature', Signature::apiSignature($app, 'POST', '/apps/123456/events', $q)
    === 'c9bdaa40565a872ad78e3b99b2d1accb1d0d8fb84826f175bef21d6bf339d83b');
$q = Signature::parseQuery('auth_key=app-key&auth_timestamp=1795957284&auth_version=1.0&info=user_count%2Csubscription_count');
check('vector: HTTP API channel signature (decoded values)', Signature::apiSignature($app, 'GET', '/apps/123456/channels/presence-room.1', $q)
    === 'cb0b6b7edd71d8c66b405fb25cc2ff278bec2f19fed7695425e3c7433145630c');

// ---- the server ----
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) explode(':', stream_socket_get_name($s, false))[1];
fclose($s);
// PUSHER_VALGRIND=1: the server runs under valgrind memcheck (its report goes to the .err file; exit 99 on errors)
$prefix = getenv('PUSHER_VALGRIND') ? ['valgrind', '-q', '--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite'] : [];
$proc = proc_open([...$prefix, PHP_BINARY, '-n', '-d', 'extension=' . $argv[1], $root . '/integrations/pusher/bin/pusher-server',
    '--port', (string) $port, '--app', '123456:app-key:app-secret', '--app', '777:other-key:other-secret'],
    [1 => ['pipe', 'w'], 2 => ['file', sys_get_temp_dir() . '/pusher-protocol-' . getmypid() . '.err', 'w']], $pipes);
$ready = fgets($pipes[1]);
if (!is_string($ready) || !str_starts_with($ready, 'READY')) {
    check('server starts', false, (string) $ready . @file_get_contents(sys_get_temp_dir() . '/pusher-protocol-' . getmypid() . '.err'));
    exit(1);
}
register_shutdown_function(function () use ($proc): void {
    proc_terminate($proc);
    $status = proc_close($proc);
    $err = sys_get_temp_dir() . '/pusher-protocol-' . getmypid() . '.err';
    if (getenv('PUSHER_VALGRIND')) {
        echo 'check pusher server under valgrind memcheck ', $status === 99 ? "FAILED: memcheck errors:\n" . file_get_contents($err) : 'OK', "\n";
    }
    @unlink($err);
});

function conn(int $port, string $key = 'app-key'): array
{
    $ws = wst_connect($port, "/app/$key?protocol=7&client=js&version=8.6.0&flash=false", [], true);
    $f = wst_recv_frame($ws);
    $m = $f ? json_decode($f['payload'], true) : null;
    return [$ws, $m, $m && isset($m['data']) && is_string($m['data']) ? json_decode($m['data'], true) : null];
}
function send(WstConn $ws, array $msg): void
{
    raw($ws, json_encode($msg));
}
function raw(WstConn $ws, string $text): void
{
    fwrite($ws->sock, wst_frame(WST_TEXT, $text));   // wst_send() would print a transcript line
}
function next_msg(WstConn $ws, float $t = 3.0): ?array
{
    $f = wst_recv_frame($ws, $t);
    if ($f === null) {
        return null;
    }
    if ($f['opcode'] === WST_CLOSE) {
        return ['close' => unpack('n', substr($f['payload'], 0, 2))[1] ?? null];
    }
    return json_decode($f['payload'], true);
}
function quiet(WstConn $ws, float $t = 0.4): bool
{
    return wst_recv_frame($ws, $t) === null;
}
function http(int $port, string $method, string $path, array $params = [], string $body = '', ?string $secret = 'app-secret', ?int $ts = null, array $override = []): array
{
    $key = $override['auth_key'] ?? 'app-key';
    $q = ['auth_key' => $key, 'auth_timestamp' => (string) ($ts ?? time()), 'auth_version' => '1.0'] + $params;
    if ($body !== '') {
        $q['body_md5'] = $override['body_md5'] ?? md5($body);
    }
    ksort($q);
    $parts = [];
    foreach ($q as $k => $v) {
        $parts[] = "$k=$v";
    }
    $sig = hash_hmac('sha256', "$method\n$path\n" . implode('&', $parts), (string) $secret);
    $query = http_build_query($q) . '&auth_signature=' . $sig;
    $ctx = stream_context_create(['http' => ['method' => $method, 'content' => $body, 'ignore_errors' => true, 'timeout' => 5,
        'header' => "Content-Type: application/json\r\n"]]);
    $resp = @file_get_contents("http://127.0.0.1:$port$path?$query", false, $ctx);
    $status = (int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
    return [$status, (string) $resp];
}

// connection
[$a, $m, $d] = conn($port);
check('connection_established: data is a JSON string with socket_id node.id and activity_timeout 30',
    ($m['event'] ?? '') === 'pusher:connection_established' && is_string($m['data'] ?? null)
    && ctype_digit(str_replace('.', '', $d['socket_id'] ?? 'x')) && substr_count($d['socket_id'], '.') === 1 && ($d['activity_timeout'] ?? 0) === 30,
    json_encode($m));
$sidA = $d['socket_id'];
[$bad, $m] = conn($port, 'nope');
$close = next_msg($bad);
check('unknown app key: pusher:error 4001, then close 4001 (pusher-js stops)',
    ($m['event'] ?? '') === 'pusher:error' && json_decode($m['data'], true)['code'] === 4001 && ($close['close'] ?? 0) === 4001,
    json_encode([$m, $close]));
$resp = wst_handshake_raw($port, wst_request('/elsewhere'));
check('another path: 404 before the upgrade', str_starts_with(wst_status_line($resp), 'HTTP/1.1 404'), wst_status_line($resp));

raw($a, '{not json');
$m = next_msg($a);
send($a, ['event' => 'pusher:ping', 'data' => new stdClass()]);
$p = next_msg($a);
check('invalid JSON: pusher:error 4200 and the connection stays open', ($m['event'] ?? '') === 'pusher:error'
    && json_decode($m['data'], true)['code'] === 4200, json_encode($m));
check('pusher:ping answered with pusher:pong', ($p['event'] ?? '') === 'pusher:pong', json_encode($p));
send($a, ['event' => 'pusher:signin', 'data' => []]);
$m = next_msg($a);
check('an unknown pusher: event gets 4200', (json_decode($m['data'] ?? '{}', true)['code'] ?? 0) === 4200, json_encode($m));

// public channel, several apps
[$o, , $od] = conn($port, 'other-key');
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'orders']]);
send($o, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'orders']]);
$m = next_msg($a);
next_msg($o);
check('public subscribe: subscription_succeeded with data "{}"', $m === ['event' => 'pusher_internal:subscription_succeeded', 'channel' => 'orders', 'data' => '{}'], json_encode($m));
[$st, $body] = http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'E', 'data' => '{"id":1}', 'channel' => 'orders']));
$m = next_msg($a);
check('HTTP API event: 200 {} and the frame reaches the subscriber', $st === 200 && $body === '{}'
    && $m === ['event' => 'E', 'channel' => 'orders', 'data' => '{"id":1}'], "$st $body " . json_encode($m));
check('several apps: app 777\'s "orders" did not get app 123456\'s event', quiet($o));

// private channels
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'private-x', 'auth' => 'app-key:' . str_repeat('0', 64)]]);
$m = next_msg($a);
check('private channel, bad auth: pusher:error 4009, no close', json_decode($m['data'] ?? '{}', true)['code'] === 4009 && quiet($a), json_encode($m));
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'private-x', 'auth' => Signature::channelAuth(new App('777', 'other-key', 'app-secret'), $sidA, 'private-x')]]);
$m = next_msg($a);
check('private channel, right signature under another app key: refused', json_decode($m['data'] ?? '{}', true)['code'] === 4009, json_encode($m));
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'private-x', 'auth' => Signature::channelAuth($app, $sidA, 'private-x')]]);
$m = next_msg($a);
check('private channel, good auth: subscribed', ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded', json_encode($m));

// encrypted channels are private channels to the server: auth checked, the payload relayed as is
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'private-encrypted-x', 'auth' => Signature::channelAuth($app, $sidA, 'private-encrypted-x')]]);
$m = next_msg($a);
$cipher = json_encode(['nonce' => base64_encode(random_bytes(24)), 'ciphertext' => base64_encode(random_bytes(40))]);
[$st] = http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'Secret', 'data' => $cipher, 'channel' => 'private-encrypted-x']));
$m2 = next_msg($a);
check('private-encrypted- channel: signed like a private one, the ciphertext relayed untouched',
    ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded' && $st === 200 && ($m2['data'] ?? '') === $cipher, json_encode([$m, $m2]));

// presence
[$b, , $bd] = conn($port);
$sidB = $bd['socket_id'];
$cd1 = '{"user_id":"42","user_info":{"name":"Ann"}}';
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'presence-r', 'channel_data' => $cd1, 'auth' => Signature::channelAuth($app, $sidA, 'presence-r', $cd1)]]);
$m = next_msg($a);
check('presence: subscription_succeeded with count, ids, hash', ($m['event'] ?? '') === 'pusher_internal:subscription_succeeded'
    && json_decode($m['data'], true) === ['presence' => ['count' => 1, 'ids' => ['42'], 'hash' => ['42' => ['name' => 'Ann']]]], json_encode($m));
$cd2 = '{"user_id":7,"user_info":{"name":"Bob"}}';
send($b, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'presence-r', 'channel_data' => $cd2, 'auth' => Signature::channelAuth($app, $sidB, 'presence-r', '{"user_id":7}')]]);
$m = next_msg($b);
check('presence: channel_data not what was signed: 4009', json_decode($m['data'] ?? '{}', true)['code'] === 4009, json_encode($m));
send($b, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'presence-r', 'channel_data' => $cd2, 'auth' => Signature::channelAuth($app, $sidB, 'presence-r', $cd2)]]);
$mb = next_msg($b);
$ma = next_msg($a);
check('presence: a second user sees both; the first gets member_added with user_id as a string',
    json_decode($mb['data'] ?? '{}', true)['presence']['count'] === 2
    && $ma === ['event' => 'pusher_internal:member_added', 'channel' => 'presence-r', 'data' => '{"user_id":"7","user_info":{"name":"Bob"}}'],
    json_encode([$mb, $ma]));

// client events
send($b, ['event' => 'client-typing', 'channel' => 'orders', 'data' => ['x' => 1]]);
$m = next_msg($b);
check('client event on a public channel: refused (Pusher\'s rule)', json_decode($m['data'] ?? '{}', true)['code'] === 4301, json_encode($m));
send($b, ['event' => 'client-typing', 'channel' => 'private-x', 'data' => ['x' => 1]]);
$m = next_msg($b);
check('client event on a channel the sender is not in: 4009', json_decode($m['data'] ?? '{}', true)['code'] === 4009, json_encode($m));
send($b, ['event' => 'client-typing', 'channel' => 'presence-r', 'data' => ['x' => 1]]);
$m = next_msg($a);
check('client event: relayed to the others with the sender\'s user_id, data kept an object, not echoed',
    $m === ['event' => 'client-typing', 'channel' => 'presence-r', 'data' => ['x' => 1], 'user_id' => '7'] && quiet($b), json_encode($m));

// Pusher's client event rate limit (10 per second per connection): 15 at once, 10 relayed, 5 refused with 4301
for ($i = 0; $i < 15; $i++) {
    send($b, ['event' => 'client-burst', 'channel' => 'presence-r', 'data' => ['i' => $i]]);
}
$relayed = 0;
while (($m = next_msg($a, 0.5)) !== null) {
    $relayed += ($m['event'] ?? '') === 'client-burst' ? 1 : 0;
}
$refused = 0;
while (($m = next_msg($b, 0.3)) !== null) {
    $refused += (json_decode($m['data'] ?? '{}', true)['code'] ?? 0) === 4301 ? 1 : 0;
}
check('client events over 10 per second: the rest refused with 4301 and dropped', $relayed === 10 && $refused === 5, "relayed $relayed, refused $refused");
usleep(300_000);
send($b, ['event' => 'client-burst', 'channel' => 'presence-r', 'data' => ['i' => 99]]);
$m = next_msg($a);
check('client events: the bucket refills', ($m['event'] ?? '') === 'client-burst', json_encode($m));

// HTTP API over the state above
[$st, $body] = http($port, 'GET', '/apps/123456/channels', ['filter_by_prefix' => 'presence-', 'info' => 'user_count']);
check('GET channels with user_count', $st === 200 && json_decode($body, true) === ['channels' => ['presence-r' => ['user_count' => 2]]], "$st $body");
[$st, $body] = http($port, 'GET', '/apps/123456/channels/orders', ['info' => 'subscription_count']);
check('GET channel: occupied and subscription_count', $st === 200 && json_decode($body, true) === ['occupied' => true, 'subscription_count' => 1], "$st $body");
[$st, $body] = http($port, 'GET', '/apps/123456/channels/presence-r/users');
check('GET users of a presence channel', $st === 200 && json_decode($body, true) === ['users' => [['id' => '42'], ['id' => '7']]], "$st $body");
[$st] = http($port, 'GET', '/apps/123456/channels/orders/users');
check('GET users of a public channel: 400', $st === 400, (string) $st);
[$st, $body] = http($port, 'GET', '/apps/123456/connections');
check('GET connections', $st === 200 && json_decode($body, true) === ['connections' => 2], "$st $body");
[$st, $body] = http($port, 'GET', '/apps/123456/channels', ['filter_by_prefix' => 'nothing-']);
check('GET channels, none: "channels" is an object', $st === 200 && $body === '{"channels":{}}', "$st $body");

// socket_id exclusion and info
[$st, $body] = http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'E2', 'data' => 'x', 'channels' => ['presence-r'], 'socket_id' => $sidA, 'info' => 'user_count,subscription_count']));
$mb = next_msg($b);
check('event with socket_id: the others get it, that socket does not', ($mb['event'] ?? '') === 'E2' && quiet($a), json_encode($mb));
check('event with info: counts in the answer', json_decode($body, true) === ['channels' => ['presence-r' => ['subscription_count' => 2, 'user_count' => 2]]], $body);

// signing rules
$ev = json_encode(['name' => 'E', 'data' => 'x', 'channel' => 'orders']);
[$st] = http($port, 'POST', '/apps/123456/events', [], $ev, 'wrong-secret');
check('wrong secret: 401', $st === 401, (string) $st);
[$st, $body] = http($port, 'POST', '/apps/123456/events', [], $ev, 'app-secret', null, ['body_md5' => md5('other')]);
check('body_md5 that does not match the body: 401', $st === 401 && str_contains($body, 'body_md5'), "$st $body");
[$st, $body] = http($port, 'POST', '/apps/123456/events', [], $ev, 'app-secret', time() - 700);
check('auth_timestamp 700 s old: 401 (Reverb accepts it; we keep Pusher\'s 600 s window)', $st === 401 && str_contains($body, 'Timestamp'), "$st $body");
[$st] = http($port, 'POST', '/apps/123456/events', [], $ev, 'app-secret', time() - 500);
check('auth_timestamp 500 s old: accepted', $st === 200, (string) $st);
[$st, $body] = http($port, 'POST', '/apps/999/events', [], $ev);
check('unknown app id: 404', $st === 404 && str_contains($body, 'No matching application'), "$st $body");
[$st] = http($port, 'GET', '/apps/123456/events');
check('GET on events: 405', $st === 405, (string) $st);
[$st] = http($port, 'POST', '/apps/123456/events', [], '{"name":');
check('a body that is not JSON: 400', $st === 400, (string) $st);
[$st] = http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'E', 'data' => 'x', 'channels' => array_map(fn ($i) => "c$i", range(1, 101))]));
check('101 channels: 400', $st === 400, (string) $st);
[$st] = http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'E', 'data' => str_repeat('x', 10241), 'channel' => 'orders']));
check('data over 10 KiB: 413', $st === 413, (string) $st);
[$st, $body] = http($port, 'POST', '/apps/123456/batch_events', [], json_encode(['batch' => array_fill(0, 11, ['name' => 'E', 'data' => 'x', 'channel' => 'orders'])]));
check('a batch of 11: 413', $st === 413, "$st $body");
$resp = @file_get_contents("http://127.0.0.1:$port/up");
check('/up without auth', $resp === '{"health":"OK"}', (string) $resp);
while (next_msg($a, 0.2) !== null) {
}
while (next_msg($b, 0.2) !== null) {
}

// cache channels
send($b, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'cache-prices']]);
$m1 = next_msg($b);
$m2 = next_msg($b);
check('cache channel, nothing sent yet: pusher:cache_miss after subscription_succeeded',
    ($m1['event'] ?? '') === 'pusher_internal:subscription_succeeded' && $m2 === ['event' => 'pusher:cache_miss', 'channel' => 'cache-prices'], json_encode([$m1, $m2]));
http($port, 'POST', '/apps/123456/events', [], json_encode(['name' => 'Price', 'data' => '{"p":3}', 'channel' => 'cache-prices']));
next_msg($b);
send($a, ['event' => 'pusher:subscribe', 'data' => ['channel' => 'cache-prices']]);
next_msg($a);
$m = next_msg($a);
check('cache channel: a new subscriber gets the last event', $m === ['event' => 'Price', 'channel' => 'cache-prices', 'data' => '{"p":3}'], json_encode($m));

// unsubscribe and presence leave
send($b, ['event' => 'pusher:unsubscribe', 'data' => ['channel' => 'presence-r']]);
$m = next_msg($a);
check('presence: unsubscribe of the user\'s last connection: member_removed', $m === ['event' => 'pusher_internal:member_removed', 'channel' => 'presence-r', 'data' => '{"user_id":"7"}'], json_encode($m));

// the real pusher-php-server client
$pusher = new Pusher\Pusher('app-key', 'app-secret', '123456', ['host' => '127.0.0.1', 'port' => $port, 'scheme' => 'http', 'useTLS' => false]);
try {
    $r = $pusher->trigger(['orders', 'private-x'], 'App\\Events\\OrderShipped', ['id' => 5], ['socket_id' => $sidB]);
    $m = next_msg($a);
    $m2 = next_msg($a);
    $info = $pusher->getChannelInfo('presence-r', ['info' => 'user_count,subscription_count']);
    $users = $pusher->getPresenceUsers('presence-r');
    $chans = $pusher->getChannels();
    $batch = $pusher->triggerBatch([['channel' => 'orders', 'name' => 'B', 'data' => ['b' => 1]]]);
    $m3 = next_msg($a);
    check('pusher-php-server: trigger to two channels, getChannelInfo, getPresenceUsers, getChannels, triggerBatch',
        ($m['data'] ?? '') === '{"id":5}' && ($m2['channel'] ?? '') === 'private-x' && $info->user_count === 1 && count($users->users) === 1
        && isset(((array) $chans->channels)["orders"]) && ($m3['event'] ?? '') === 'B' && is_object($batch), json_encode([$m, $m2, $info, $users, $chans, $m3]));
    $pusher->terminateUserConnections('42');
    $m = next_msg($a);
    $c = next_msg($a);
    check('terminate_connections: pusher:error 4009 then close 4009 to the user\'s connection',
        json_decode($m['data'] ?? '{}', true)['code'] === 4009 && ($c['close'] ?? 0) === 4009, json_encode([$m, $c]));
} catch (Throwable $e) {
    check('pusher-php-server', false, get_class($e) . ': ' . $e->getMessage());
}
echo "pusher-protocol: ", $failed === 0 ? 'all OK' : "$failed failed", "\n";
exit($failed === 0 ? 0 : 1);
