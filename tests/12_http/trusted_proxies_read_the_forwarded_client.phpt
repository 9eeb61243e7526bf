--TEST--
HTTP side: with trusted_proxies, getRemoteAddress() is the client named by X-Forwarded-For (read from the right, past trusted hops) or Forwarded for=; from any other peer the headers are ignored
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$code = <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, getenv('WST_TRUST') ? ['trusted_proxies' => ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']] : []);
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    $d === 'stop' ? $server->stop() : $c->send($c->getRemoteAddress());
});
wst_guard($server, 8000);
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP;
$cases = [
    'no header' => [],
    'one hop' => ['X-Forwarded-For' => '203.0.113.7'],
    'through a trusted internal proxy' => ['X-Forwarded-For' => '203.0.113.7, 10.1.2.3'],
    'a spoofed first hop is not believed' => ['X-Forwarded-For' => '1.2.3.4, 198.51.100.9, 10.0.0.5'],
    'repeated headers form one list' => [0 => 'X-Forwarded-For: 203.0.113.8', 1 => 'X-Forwarded-For: 10.9.9.9'],
    'garbage stops the walk' => ['X-Forwarded-For' => '203.0.113.7, not-an-ip'],
    'IPv6 client' => ['X-Forwarded-For' => '2001:db8::1'],
    'Forwarded with port and quotes' => ['Forwarded' => 'for="[2001:db8::2]:4711";proto=https, for=10.0.0.1'],
    'Forwarded IPv4 with port' => ['Forwarded' => 'for=192.0.2.60:1234;by=203.0.113.43'],
    'X-Forwarded-For wins over Forwarded' => ['X-Forwarded-For' => '203.0.113.9', 'Forwarded' => 'for=192.0.2.61'],
];
function ask(int $port, array $headers): string
{
    $ws = wst_connect($port, '/', $headers, true);
    wst_write($ws, wst_frame(WST_TEXT, 'who'));
    $f = wst_recv_frame($ws);
    wst_close_socket($ws);
    return $f['payload'] ?? 'no reply';
}
function stop_server(array &$srv): void
{
    $ws = wst_connect($srv['port'], '/', [], true);
    wst_write($ws, wst_frame(WST_TEXT, 'stop'));
    wst_wait_eof($ws);
    wst_finish($srv);
}
putenv('WST_TRUST=1');
$srv = wst_spawn_server($code);
foreach ($cases as $name => $headers) {
    echo str_pad($name, 40), ' => ', ask($srv['port'], $headers), "\n";
}
stop_server($srv);
echo "without trusted_proxies:\n";
putenv('WST_TRUST');
$srv = wst_spawn_server($code);
echo str_pad('one hop', 40), ' => ', ask($srv['port'], ['X-Forwarded-For' => '203.0.113.7']), "\n";
echo str_pad('Forwarded', 40), ' => ', ask($srv['port'], ['Forwarded' => 'for=192.0.2.60']), "\n";
stop_server($srv);
?>
--EXPECTF--
no header                                => 127.0.0.1
one hop                                  => 203.0.113.7
through a trusted internal proxy         => 203.0.113.7
a spoofed first hop is not believed      => 198.51.100.9
repeated headers form one list           => 203.0.113.8
garbage stops the walk                   => 127.0.0.1
IPv6 client                              => 2001:db8::1
Forwarded with port and quotes           => 2001:db8::2
Forwarded IPv4 with port                 => 192.0.2.60
X-Forwarded-For wins over Forwarded      => 203.0.113.9
--- server ---
without trusted_proxies:
one hop                                  => 127.0.0.1
Forwarded                                => 127.0.0.1
--- server ---
