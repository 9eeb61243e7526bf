--TEST--
Connection: only the server makes them; new WebSocket\Connection throws Error, unserialize refuses
--EXTENSIONS--
websocket
--FILE--
<?php
try {
    $c = new WebSocket\Connection();
    echo "new: no exception\n";
} catch (Error $e) {
    echo "new: Error\n";
}
try {
    $u = unserialize('O:20:"WebSocket\Connection":0:{}');
    echo "unserialize: ", is_object($u) ? 'made an object' : 'returned ' . var_export($u, true), "\n";
} catch (Throwable $e) {
    echo "unserialize: threw\n";
}
?>
--EXPECT--
new: Error
unserialize: threw
