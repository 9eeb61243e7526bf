--TEST--
Constructor: port 0 picks a free port that getPort() reports; the server listens at once (before run())
--EXTENSIONS--
websocket
--FILE--
<?php
$s = new WebSocket\Server('127.0.0.1', 0);
$port = $s->getPort();
var_dump(is_int($port) && $port > 0 && $port < 65536);
var_dump($s->getHost());
$c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
echo 'connect before run(): ', $c ? 'ok' : "failed $errno $errstr", "\n";
$t = new WebSocket\Server('127.0.0.1', 0);
echo 'two servers on port 0 get different ports: ', $t->getPort() !== $port ? 'yes' : 'no', "\n";
?>
--EXPECT--
bool(true)
string(9) "127.0.0.1"
connect before run(): ok
two servers on port 0 get different ports: yes
