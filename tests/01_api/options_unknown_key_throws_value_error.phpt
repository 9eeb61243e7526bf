--TEST--
Options: an unknown key throws ValueError naming that key
--EXTENSIONS--
websocket
--FILE--
<?php
foreach (['nope' => 1, 'max_msg_size' => 10, 'pingInterval' => 100, 'ssl' => true] as $k => $v) {
    try {
        new WebSocket\Server('127.0.0.1', 0, [$k => $v]);
        echo "$k: no exception\n";
    } catch (ValueError $e) {
        echo "$k: ValueError", str_contains($e->getMessage(), $k) ? " naming it" : " NOT naming it: " . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$k: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
// An unknown key among valid ones is still refused.
try {
    new WebSocket\Server('127.0.0.1', 0, ['path' => '/x', 'bogus_option' => 1, 'backlog' => 16]);
    echo "mixed: no exception\n";
} catch (ValueError $e) {
    echo "mixed: ValueError", str_contains($e->getMessage(), 'bogus_option') ? " naming it" : " NOT naming it: " . $e->getMessage(), "\n";
}
?>
--EXPECT--
nope: ValueError naming it
max_msg_size: ValueError naming it
pingInterval: ValueError naming it
ssl: ValueError naming it
mixed: ValueError naming it
