--TEST--
Limits: memory_budget: 0 or at least 65536 and not above memory_limit, else ValueError naming it; the default is half of memory_limit, or 0 without one; getStats() shows it
--EXTENSIONS--
websocket
--FILE--
<?php
function try_budget(mixed $v): void
{
    try {
        $s = new WebSocket\Server('127.0.0.1', 0, ['memory_budget' => $v]);
        echo 'memory_budget=', var_export($v, true), ': accepted, getStats() says ', var_export($s->getStats()['memory_budget'], true), "\n";
    } catch (ValueError|TypeError $e) {
        echo 'memory_budget=', var_export($v, true), ': ', get_class($e), str_contains($e->getMessage(), 'memory_budget') ? ' naming it' : ' NOT naming it: ' . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo 'memory_budget=', var_export($v, true), ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
function default_budget(): string
{
    try {
        return var_export((new WebSocket\Server('127.0.0.1', 0))->getStats()['memory_budget'], true);
    } catch (Throwable $e) {
        return get_class($e) . ': ' . $e->getMessage();
    }
}

ini_set('memory_limit', '64M');
echo "memory_limit 64M, default: ", default_budget(), "\n";
foreach ([0, 65536, 1 << 20, 64 << 20, 1, 65535, -1, PHP_INT_MIN, (64 << 20) + 1, 1 << 40, '1M'] as $v) {
    try_budget($v);
}
ini_set('memory_limit', '-1');
echo "memory_limit -1, default: ", default_budget(), "\n";
foreach ([1 << 40, 65535, -1] as $v) {
    try_budget($v);
}
ini_set('memory_limit', '1G');
echo "memory_limit 1G, default: ", default_budget(), "\n";
?>
--EXPECT--
memory_limit 64M, default: 33554432
memory_budget=0: accepted, getStats() says 0
memory_budget=65536: accepted, getStats() says 65536
memory_budget=1048576: accepted, getStats() says 1048576
memory_budget=67108864: accepted, getStats() says 67108864
memory_budget=1: ValueError naming it
memory_budget=65535: ValueError naming it
memory_budget=-1: ValueError naming it
memory_budget=-9223372036854775807-1: ValueError naming it
memory_budget=67108865: ValueError naming it
memory_budget=1099511627776: ValueError naming it
memory_budget='1M': TypeError naming it
memory_limit -1, default: 0
memory_budget=1099511627776: accepted, getStats() says 1099511627776
memory_budget=65535: ValueError naming it
memory_budget=-1: ValueError naming it
memory_limit 1G, default: 536870912
