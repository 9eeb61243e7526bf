--TEST--
Arguments: a negative after() delay, a non-positive every() interval and a port outside 0-65535 throw ValueError; a bad $except entry ValueError (a string that is not a cluster id) or TypeError (a float)
--EXTENSIONS--
websocket
--FILE--
<?php
$s = new WebSocket\Server('127.0.0.1', 0);
$calls = [
    'after(-1)' => fn () => $s->after(-1, fn () => null),
    'every(0)' => fn () => $s->every(0, fn () => null),
    'every(-5)' => fn () => $s->every(-5, fn () => null),
    'port 65536' => fn () => new WebSocket\Server('127.0.0.1', 65536),
    'port -1' => fn () => new WebSocket\Server('127.0.0.1', -1),
    "broadcast except ['a']" => fn () => $s->broadcast('x', false, ['a']),
    "broadcast except [1.5]" => fn () => $s->broadcast('x', false, [1.5]),
];
foreach ($calls as $label => $f) {
    try {
        $f();
        echo "$label: no exception\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), "\n";
    }
}
var_dump(is_int($s->after(0, fn () => null)));
?>
--EXPECT--
after(-1): ValueError
every(0): ValueError
every(-5): ValueError
port 65536: ValueError
port -1: ValueError
broadcast except ['a']: ValueError
broadcast except [1.5]: TypeError
bool(true)
