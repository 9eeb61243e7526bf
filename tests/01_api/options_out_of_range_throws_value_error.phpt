--TEST--
Options: negative durations and sizes, and an unknown buffer_full_policy, throw ValueError naming the option
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    ['max_message_size', -1],
    ['max_header_size', -1],
    ['max_connections', -1],
    ['handshake_timeout', -1],
    ['ping_interval', -1],
    ['idle_timeout', -5000],
    ['close_timeout', -1],
    ['high_watermark', -1],
    ['max_buffered', -1],
    ['backlog', -1],
    ['max_message_size', PHP_INT_MIN],
    ['buffer_full_policy', 'block'],
    ['buffer_full_policy', ''],
];
foreach ($cases as [$k, $v]) {
    try {
        new WebSocket\Server('127.0.0.1', 0, [$k => $v]);
        echo "$k=", var_export($v, true), ": no exception\n";
    } catch (ValueError $e) {
        echo "$k=", var_export($v, true), ": ValueError", str_contains($e->getMessage(), $k) ? " naming it" : " NOT naming it: " . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$k=", var_export($v, true), ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
max_message_size=-1: ValueError naming it
max_header_size=-1: ValueError naming it
max_connections=-1: ValueError naming it
handshake_timeout=-1: ValueError naming it
ping_interval=-1: ValueError naming it
idle_timeout=-5000: ValueError naming it
close_timeout=-1: ValueError naming it
high_watermark=-1: ValueError naming it
max_buffered=-1: ValueError naming it
backlog=-1: ValueError naming it
max_message_size=-9223372036854775807-1: ValueError naming it
buffer_full_policy='block': ValueError naming it
buffer_full_policy='': ValueError naming it
