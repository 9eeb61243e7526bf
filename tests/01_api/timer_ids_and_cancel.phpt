--TEST--
Timers: after()/every() return distinct int ids; cancel() is true once for a pending timer and false for unknown ids
--EXTENSIONS--
websocket
--FILE--
<?php
$s = new WebSocket\Server('127.0.0.1', 0);
$a = $s->after(1000, fn () => null);
$b = $s->every(1000, fn () => null);
var_dump(is_int($a), is_int($b), $a !== $b);
var_dump($s->cancel($a));
var_dump($s->cancel($a));
var_dump($s->cancel($b));
var_dump($s->cancel(987654));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
