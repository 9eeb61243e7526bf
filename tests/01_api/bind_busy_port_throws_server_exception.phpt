--TEST--
Constructor: binding a port that is already listening throws ServerException with errno (EADDRINUSE) as code
--EXTENSIONS--
websocket
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip Linux errno values'); ?>
--FILE--
<?php
const EADDRINUSE = 98; // Linux
$plain = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($plain, false);
$port = (int) substr($name, strrpos($name, ':') + 1);
try {
    new WebSocket\Server('127.0.0.1', $port);
    echo "busy (plain socket): no exception\n";
} catch (WebSocket\ServerException $e) {
    echo 'busy (plain socket): ', get_class($e), ' code=', $e->getCode() === EADDRINUSE ? 'EADDRINUSE' : $e->getCode(), "\n";
    echo 'message not empty: ', $e->getMessage() !== '' ? 'yes' : 'no', "\n";
}
$first = new WebSocket\Server('127.0.0.1', 0);
try {
    new WebSocket\Server('127.0.0.1', $first->getPort());
    echo "busy (other server): no exception\n";
} catch (WebSocket\ServerException $e) {
    echo 'busy (other server): ', get_class($e), ' code=', $e->getCode() === EADDRINUSE ? 'EADDRINUSE' : $e->getCode(), "\n";
}
?>
--EXPECT--
busy (plain socket): WebSocket\ServerException code=EADDRINUSE
message not empty: yes
busy (other server): WebSocket\ServerException code=EADDRINUSE
