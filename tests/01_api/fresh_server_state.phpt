--TEST--
Server: before run(), no connections: count 0, getConnections [], getConnection null, empty iterator, broadcast 0, no connection 0/-1, cancel of unknown ids false; setters are fluent
--EXTENSIONS--
websocket
--FILE--
<?php
$s = new WebSocket\Server('127.0.0.1', 0);
var_dump(count($s), $s->count(), $s->getConnections(), $s->getConnection(1));
$it = $s->getIterator();
var_dump($it instanceof Iterator, iterator_to_array($s));
var_dump($s->broadcast('hello'));
var_dump($s->getConnection(0), $s->getConnection(-1), $s->cancel(0), $s->cancel(-1));
$f = fn () => null;
var_dump($s->onOpen($f) === $s, $s->onMessage($f) === $s, $s->onClose($f) === $s, $s->onError($f) === $s, $s->onDrain($f) === $s);
var_dump($s->onOpen(null) === $s, $s->onMessage(null) === $s, $s->onClose(null) === $s, $s->onError(null) === $s, $s->onDrain(null) === $s);
try {
    $s->onOpen('no_such_function');
    echo "non-callable: accepted\n";
} catch (TypeError $e) {
    echo "non-callable: TypeError\n";
}
?>
--EXPECT--
int(0)
int(0)
array(0) {
}
NULL
bool(true)
array(0) {
}
int(0)
NULL
NULL
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
non-callable: TypeError
