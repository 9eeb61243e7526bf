--TEST--
Server: count(), getConnections(), getConnection() and foreach list the open connections by id
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server) {
    echo "server: count ", count($server), "\n";
    echo "server: getConnections keys ", implode(',', array_keys($server->getConnections())), "\n";
    $ids = [];
    foreach ($server as $id => $conn) {
        $ids[] = $id . ($conn instanceof WebSocket\Connection && $conn->id === $id ? '' : '(mismatch)');
    }
    echo "server: foreach ", implode(',', $ids), "\n";
    echo "server: getConnection(own id) is the same object: ", $server->getConnection($c->id) === $c ? 'yes' : 'no', "\n";
    echo "server: getConnections()[own id] is the same object: ", ($server->getConnections()[$c->id] ?? null) === $c ? 'yes' : 'no', "\n";
    echo "server: getConnection(999) ", var_export($server->getConnection(999), true), "\n";
    $c->send('n=' . count($server));
});
PHP, 2);
$a = wst_connect($srv['port']);
$b = wst_connect($srv['port']);
wst_send($b, WST_TEXT, 'info');
wst_expect($b);
wst_close_cleanly($a);
wst_send($b, WST_TEXT, 'info');
wst_expect($b);
wst_close_cleanly($b);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- 101 Switching Protocols
-> text fin=1 masked len=4
<- text fin=1 len=3 'n=2'
-> close 1000 ''
<- close 1000 ''
<- EOF
-> text fin=1 masked len=4
<- text fin=1 len=3 'n=1'
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: open 2
server: count 2
server: getConnections keys 1,2
server: foreach 1,2
server: getConnection(own id) is the same object: yes
server: getConnections()[own id] is the same object: yes
server: getConnection(999) NULL
server: close 1 1000 ''
server: count 1
server: getConnections keys 2
server: foreach 2
server: getConnection(own id) is the same object: yes
server: getConnections()[own id] is the same object: yes
server: getConnection(999) NULL
server: close 2 1000 ''
server: run returned
