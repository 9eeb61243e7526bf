--TEST--
Options: a value of the wrong type throws TypeError naming the option
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    ['path', []],
    ['path', new stdClass()],
    ['subprotocols', 'chat'],
    ['subprotocols', [[]]],
    ['origins', 'http://example.com'],
    ['origins', [new stdClass()]],
    ['max_message_size', 'big'],
    ['max_header_size', []],
    ['max_connections', 'many'],
    ['handshake_timeout', 'soon'],
    ['ping_interval', []],
    ['idle_timeout', 'x'],
    ['close_timeout', new stdClass()],
    ['high_watermark', 'x'],
    ['max_buffered', []],
    ['buffer_full_policy', []],
    ['backlog', 'x'],
    ['reuse_port', []],
];
foreach ($cases as [$k, $v]) {
    try {
        new WebSocket\Server('127.0.0.1', 0, [$k => $v]);
        echo "$k: no exception\n";
    } catch (TypeError $e) {
        echo "$k: TypeError", str_contains($e->getMessage(), $k) ? " naming it" : " NOT naming it: " . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$k: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
path: TypeError naming it
path: TypeError naming it
subprotocols: TypeError naming it
subprotocols: TypeError naming it
origins: TypeError naming it
origins: TypeError naming it
max_message_size: TypeError naming it
max_header_size: TypeError naming it
max_connections: TypeError naming it
handshake_timeout: TypeError naming it
ping_interval: TypeError naming it
idle_timeout: TypeError naming it
close_timeout: TypeError naming it
high_watermark: TypeError naming it
max_buffered: TypeError naming it
buffer_full_policy: TypeError naming it
backlog: TypeError naming it
reuse_port: TypeError naming it
