--TEST--
Server: clone, serialize() and unserialize() of a Server all throw
--EXTENSIONS--
websocket
--FILE--
<?php
$s = new WebSocket\Server('127.0.0.1', 0);
try {
    $c = clone $s;
    echo "clone: no exception\n";
} catch (Error $e) {
    echo "clone: Error\n";
}
try {
    serialize($s);
    echo "serialize: no exception\n";
} catch (Throwable $e) {
    echo "serialize: threw ", str_contains($e->getMessage(), 'WebSocket\Server') ? 'naming the class' : $e->getMessage(), "\n";
}
try {
    $u = unserialize('O:16:"WebSocket\Server":0:{}');
    echo "unserialize: ", is_object($u) ? 'made an object' : 'returned ' . var_export($u, true), "\n";
} catch (Throwable $e) {
    echo "unserialize: threw\n";
}
echo "port still ", $s->getPort() > 0 ? 'set' : 'unset', "\n";
?>
--EXPECT--
clone: Error
serialize: threw naming the class
unserialize: threw
port still set
