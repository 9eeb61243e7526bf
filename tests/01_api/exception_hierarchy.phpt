--TEST--
Exceptions: WebSocket\Exception extends \Exception and is the base of ServerException, BackpressureException and RateLimitException
--EXTENSIONS--
websocket
--FILE--
<?php
foreach (['WebSocket\Exception', 'WebSocket\ServerException', 'WebSocket\BackpressureException', 'WebSocket\RateLimitException'] as $c) {
    $chain = [];
    for ($r = new ReflectionClass($c); $r; $r = $r->getParentClass()) {
        $chain[] = $r->getName();
    }
    echo implode(' < ', $chain), "\n";
}
var_dump(new WebSocket\ServerException('x', 98) instanceof WebSocket\Exception);
var_dump(new WebSocket\BackpressureException('x') instanceof Throwable);
?>
--EXPECT--
WebSocket\Exception < Exception
WebSocket\ServerException < WebSocket\Exception < Exception
WebSocket\BackpressureException < WebSocket\Exception < Exception
WebSocket\RateLimitException < WebSocket\Exception < Exception
bool(true)
bool(true)
