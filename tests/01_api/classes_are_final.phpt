--TEST--
Classes: Server, Connection, ServerException and BackpressureException are final; WebSocket\Exception is not
--EXTENSIONS--
websocket
--FILE--
<?php
foreach (['WebSocket\Server', 'WebSocket\Connection', 'WebSocket\ServerException', 'WebSocket\BackpressureException', 'WebSocket\Exception'] as $c) {
    $r = new ReflectionClass($c);
    echo $c, ': ', $r->isFinal() ? 'final' : 'not final', "\n";
}
$s = new ReflectionClass('WebSocket\Server');
echo 'Server implements: ', implode(', ', array_intersect(['Countable', 'IteratorAggregate', 'Traversable'], $s->getInterfaceNames())), "\n";
?>
--EXPECT--
WebSocket\Server: final
WebSocket\Connection: final
WebSocket\ServerException: final
WebSocket\BackpressureException: final
WebSocket\Exception: not final
Server implements: Countable, IteratorAggregate, Traversable
