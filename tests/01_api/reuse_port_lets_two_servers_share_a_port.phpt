--TEST--
Constructor: reuse_port true on both servers lets two servers bind the same port; without it the second fails
--EXTENSIONS--
websocket
--FILE--
<?php
$a = new WebSocket\Server('127.0.0.1', 0, ['reuse_port' => true]);
$b = new WebSocket\Server('127.0.0.1', $a->getPort(), ['reuse_port' => true]);
echo 'same port: ', $a->getPort() === $b->getPort() ? 'yes' : 'no', "\n";
try {
    new WebSocket\Server('127.0.0.1', $a->getPort());
    echo "without reuse_port: no exception\n";
} catch (WebSocket\ServerException $e) {
    echo "without reuse_port: ServerException\n";
}
?>
--EXPECT--
same port: yes
without reuse_port: ServerException
