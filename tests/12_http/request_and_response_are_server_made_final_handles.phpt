--TEST--
Request and Response are final, made only by the server (new throws Error), and not cloneable (serialize() is refused: see the onHandshake test)
--EXTENSIONS--
websocket
--FILE--
<?php
foreach (['WebSocket\Request', 'WebSocket\Response'] as $cls) {
    echo $cls, ': ', (new ReflectionClass($cls))->isFinal() ? 'final' : 'not final', "\n";
    try {
        new $cls();
    } catch (Error $e) {
        echo '  new: ', get_class($e), ': ', $e->getMessage(), "\n";
    }
    echo '  cloneable: ', var_export((new ReflectionClass($cls))->isCloneable(), true), "\n";
}
?>
--EXPECT--
WebSocket\Request: final
  new: Error: Cannot directly construct WebSocket\Request, it is passed to Server callbacks
  cloneable: false
WebSocket\Response: final
  new: Error: Cannot directly construct WebSocket\Response, it is passed to Server callbacks
  cloneable: false
