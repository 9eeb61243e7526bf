--TEST--
Limits: a subprotocol name of 1024 bytes is accepted; one over 1024 bytes in the subprotocols option throws ValueError naming subprotocols
--EXTENSIONS--
websocket
--FILE--
<?php
foreach ([600, 1024, 1025, 4096] as $len) {
    try {
        new WebSocket\Server('127.0.0.1', 0, ['subprotocols' => ['chat', str_repeat('p', $len)]]);
        echo "$len bytes: accepted\n";
    } catch (ValueError $e) {
        echo "$len bytes: ValueError", str_contains($e->getMessage(), 'subprotocols') ? ' naming it' : ' NOT naming it: ' . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$len bytes: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
600 bytes: accepted
1024 bytes: accepted
1025 bytes: ValueError naming it
4096 bytes: ValueError naming it
