--TEST--
Deflate: the compression option takes false, true or an array of known keys with checked types and ranges; php --ri names permessage-deflate
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    false, true, [], ['level' => 9, 'threshold' => 0, 'server_max_window_bits' => 9, 'client_max_window_bits' => 8,
    'server_no_context_takeover' => false, 'client_no_context_takeover' => false, 'mem_level' => 1],
    'yes', 1, ['level' => 10], ['level' => '1'], ['server_max_window_bits' => 8], ['client_max_window_bits' => 16],
    ['mem_level' => 0], ['threshold' => -1], ['server_no_context_takeover' => 1], ['window' => 15], [0 => true],
];
foreach ($cases as $v) {
    try {
        new WebSocket\Server('127.0.0.1', 0, ['compression' => $v]);
        echo json_encode($v), ": ok\n";
    } catch (Throwable $e) {
        echo json_encode($v), ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
ob_start();
(new ReflectionExtension('websocket'))->info();
echo preg_match('/permessage-deflate.*enabled \(zlib [0-9.]+\)/', ob_get_clean()) ? "info ok\n" : "info missing\n";
?>
--EXPECT--
false: ok
true: ok
[]: ok
{"level":9,"threshold":0,"server_max_window_bits":9,"client_max_window_bits":8,"server_no_context_takeover":false,"client_no_context_takeover":false,"mem_level":1}: ok
"yes": TypeError: WebSocket\Server::__construct(): Option "compression" must be of type array|bool, string given
1: TypeError: WebSocket\Server::__construct(): Option "compression" must be of type array|bool, int given
{"level":10}: ValueError: WebSocket\Server::__construct(): Option "compression" key "level" must be between 0 and 9, 10 given
{"level":"1"}: TypeError: WebSocket\Server::__construct(): Option "compression" key "level" must be of type int, string given
{"server_max_window_bits":8}: ValueError: WebSocket\Server::__construct(): Option "compression" key "server_max_window_bits" must be between 9 and 15, 8 given (zlib cannot compress with a 256-byte window)
{"client_max_window_bits":16}: ValueError: WebSocket\Server::__construct(): Option "compression" key "client_max_window_bits" must be between 8 and 15, 16 given
{"mem_level":0}: ValueError: WebSocket\Server::__construct(): Option "compression" key "mem_level" must be between 1 and 9, 0 given
{"threshold":-1}: ValueError: WebSocket\Server::__construct(): Option "compression" key "threshold" must be between 0 and 9223372036854775807, -1 given
{"server_no_context_takeover":1}: TypeError: WebSocket\Server::__construct(): Option "compression" key "server_no_context_takeover" must be of type bool, int given
{"window":15}: ValueError: WebSocket\Server::__construct(): Option "compression" has no key "window" (level, threshold, server_max_window_bits, client_max_window_bits, server_no_context_takeover, client_no_context_takeover, mem_level)
[true]: ValueError: WebSocket\Server::__construct(): Option "compression" must have string keys
info ok
