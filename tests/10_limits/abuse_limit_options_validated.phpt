--TEST--
Limits: max_connections_per_ip, handshake_rate_per_ip, max_messages_per_second and message_rate_policy: negative values, wrong types and unknown policies throw ValueError or TypeError naming the option; 0 (off) and positive values are accepted
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    ['max_connections_per_ip', 0], ['max_connections_per_ip', 10], ['max_connections_per_ip', -1], ['max_connections_per_ip', 'x'], ['max_connections_per_ip', []],
    ['handshake_rate_per_ip', 0], ['handshake_rate_per_ip', 20], ['handshake_rate_per_ip', -1], ['handshake_rate_per_ip', 'fast'],
    ['max_messages_per_second', 0], ['max_messages_per_second', 100], ['max_messages_per_second', -5], ['max_messages_per_second', PHP_INT_MIN], ['max_messages_per_second', new stdClass()],
    ['message_rate_policy', 'close'], ['message_rate_policy', 'drop'], ['message_rate_policy', 'block'], ['message_rate_policy', ''], ['message_rate_policy', 1], ['message_rate_policy', []],
];
foreach ($cases as [$k, $v]) {
    $show = is_object($v) ? 'object' : json_encode($v);
    try {
        new WebSocket\Server('127.0.0.1', 0, [$k => $v]);
        echo "$k=$show: accepted\n";
    } catch (ValueError|TypeError $e) {
        echo "$k=$show: ", get_class($e), str_contains($e->getMessage(), $k) ? ' naming it' : ' NOT naming it: ' . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$k=$show: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo "WebSocket\\RateLimitException extends WebSocket\\Exception: ", var_export(is_subclass_of('WebSocket\RateLimitException', 'WebSocket\Exception'), true), "\n";
?>
--EXPECT--
max_connections_per_ip=0: accepted
max_connections_per_ip=10: accepted
max_connections_per_ip=-1: ValueError naming it
max_connections_per_ip="x": TypeError naming it
max_connections_per_ip=[]: TypeError naming it
handshake_rate_per_ip=0: accepted
handshake_rate_per_ip=20: accepted
handshake_rate_per_ip=-1: ValueError naming it
handshake_rate_per_ip="fast": TypeError naming it
max_messages_per_second=0: accepted
max_messages_per_second=100: accepted
max_messages_per_second=-5: ValueError naming it
max_messages_per_second=-9223372036854775808: ValueError naming it
max_messages_per_second=object: TypeError naming it
message_rate_policy="close": accepted
message_rate_policy="drop": accepted
message_rate_policy="block": ValueError naming it
message_rate_policy="": ValueError naming it
message_rate_policy=1: TypeError naming it
message_rate_policy=[]: TypeError naming it
WebSocket\RateLimitException extends WebSocket\Exception: true
