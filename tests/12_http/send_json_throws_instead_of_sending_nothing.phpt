--TEST--
Connection::sendJson(): sends json_encode()'s text with the given flags; an encoding error throws JsonException (even with JSON_PARTIAL_OUTPUT_ON_ERROR) and sends nothing
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data) {
    var_dump($c->sendJson(['msg' => $data, 'path' => '/a/b', 'n' => 1.5]));
    var_dump($c->sendJson(['ü' => '/'], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
    foreach ([[NAN, 0], ["\xff", JSON_PARTIAL_OUTPUT_ON_ERROR], [[[1]], 0, 1]] as $args) {
        try {
            $c->sendJson(...$args);
            echo "server: no exception\n";
        } catch (JsonException $e) {
            echo "server: JsonException ", $e->getCode(), ": ", $e->getMessage(), "\n";
        }
    }
    $c->sendJson('last');
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_TEXT, 'hi');
wst_expect($ws);
wst_expect($ws);
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
<- 101 Switching Protocols
-> text fin=1 masked len=2
<- text fin=1 len=36 '{"msg":"hi","path":"\/a\/b","n":1.5}'
<- text fin=1 len=10 0x7b22c3bc223a222f227d
<- text fin=1 len=6 '"last"'
%A--- server ---
server: open 1
bool(true)
bool(true)
server: JsonException 7: Inf and NaN cannot be JSON encoded
server: JsonException 5: Malformed UTF-8 characters, possibly incorrectly encoded
server: JsonException 1: Maximum stack depth exceeded
server: close 1 1000 ''
server: run returned
