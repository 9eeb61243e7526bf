--TEST--
Topics: names are 1 to 1024 bytes of anything (binary, NUL, 1024 bytes); empty and longer names throw ValueError; text must be valid UTF-8; $except takes Connection objects, ids and "node.id" cluster ids (another node's id leaves the local connection in); a Connection gone is subscribed to nothing and cannot subscribe
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/topics.inc';

$srv = wst_spawn_server(<<<'PHP'
$server = new WebSocket\Server("127.0.0.1", 0, ['node_id' => 77]);
$kept = null;
$server->onOpen(function (WebSocket\Connection $c) use ($server, &$kept) {
    $kept = $c;
    $try = function (string $label, callable $f) {
        try {
            $r = json_encode($f());
            echo $label, ": ", $r, "\n";
        } catch (Throwable $e) {
            echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n";
        }
    };
    echo "node id: ", $server->getNodeId(), ", cluster id: ", $c->getClusterId(), "\n";
    $try('empty', fn () => $c->subscribe(''));
    $try('1025 bytes', fn () => $c->subscribe(str_repeat('x', 1025)));
    $try('1024 bytes', fn () => $c->subscribe(str_repeat('x', 1024)));
    $try('binary', fn () => $c->subscribe("\x00\xff\x00"));
    $try('is binary', fn () => $c->isSubscribed("\x00\xff\x00"));
    $try('is prefix of binary', fn () => $c->isSubscribed("\x00\xff"));
    $try('publish empty topic', fn () => $server->publish('', 'x'));
    $try('publish bad utf-8', fn () => $server->publish("\x00\xff\x00", "\xc3"));
    $try('publish bad utf-8 as binary', fn () => $server->publish("\x00\xff\x00", "\xc3", true));
    $try('except other node', fn () => $server->publish("\x00\xff\x00", 'a', false, ['78.' . $c->id]));
    $try('except own cluster id', fn () => $server->publish("\x00\xff\x00", 'b', false, [$c->getClusterId()]));
    $try('except id', fn () => $server->publish("\x00\xff\x00", 'c', false, [$c->id]));
    $try('except object', fn () => $server->publish("\x00\xff\x00", 'd', false, [$c]));
    $try('except bad string', fn () => $server->publish("\x00\xff\x00", 'e', false, ['1.2.3']));
    $try('except float', fn () => $server->publish("\x00\xff\x00", 'e', false, [1.5]));
    $try('count 1024', fn () => $server->getSubscriberCount(str_repeat('x', 1024)));
    $try('count unknown, all workers', fn () => $server->getSubscriberCount('unknown', true));
});
$server->onClose(function () use ($server, &$kept) {
    echo "closed: topics ", json_encode($kept->getTopics()), ", subscribe ", json_encode($kept->subscribe('late')),
        ", unsubscribe ", json_encode($kept->unsubscribe('x')), ", count ", $server->getSubscriberCount(str_repeat('x', 1024)), "\n";
    $server->stop();
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
$ws = wst_connect($srv['port'], '/', [], true);
foreach (wstt_received($ws, 0.5, 2) as $m) {
    echo "client got: $m\n";
}
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
client got: bin:c3
client got: a
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
node id: 77, cluster id: 77.1
empty: ValueError: WebSocket\Connection::subscribe(): Argument #1 ($topic) must be 1 to 1024 bytes long, 0 given
1025 bytes: ValueError: WebSocket\Connection::subscribe(): Argument #1 ($topic) must be 1 to 1024 bytes long, 1025 given
1024 bytes: true
binary: true
is binary: true
is prefix of binary: false
publish empty topic: ValueError: WebSocket\Server::publish(): Argument #1 ($topic) must be 1 to 1024 bytes long, 0 given
publish bad utf-8: ValueError: WebSocket\Server::publish(): Argument #2 ($data) must be valid UTF-8 for a text message (pass $binary = true for bytes)
publish bad utf-8 as binary: 1
except other node: 1
except own cluster id: 0
except id: 0
except object: 0
except bad string: ValueError: WebSocket\Server::publish(): Argument #4 ($except) must hold cluster ids as "node.id" strings, "1.2.3" given
except float: TypeError: WebSocket\Server::publish(): Argument #4 ($except) must contain only connection ids, cluster ids or WebSocket\Connection objects, float given
count 1024: 1
count unknown, all workers: 0
closed: topics [], subscribe false, unsubscribe false, count 0
