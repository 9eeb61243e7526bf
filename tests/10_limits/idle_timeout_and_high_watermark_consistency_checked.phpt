--TEST--
Limits: idle_timeout not above a non-zero ping_interval throws ValueError naming idle_timeout (0 on either side is fine); high_watermark above max_buffered throws ValueError naming high_watermark
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    [['ping_interval' => 30000, 'idle_timeout' => 20000], 'idle_timeout'],
    [['ping_interval' => 30000, 'idle_timeout' => 30000], 'idle_timeout'],
    [['ping_interval' => 1000, 'idle_timeout' => 999], 'idle_timeout'],
    [['ping_interval' => 30000, 'idle_timeout' => 30001], null],
    [['ping_interval' => 0, 'idle_timeout' => 1000], null],
    [['ping_interval' => 1000, 'idle_timeout' => 0], null],
    [['ping_interval' => 0, 'idle_timeout' => 0], null],
    [['high_watermark' => 2 << 20, 'max_buffered' => 1 << 20], 'high_watermark'],
    [['high_watermark' => (1 << 20) + 1, 'max_buffered' => 1 << 20], 'high_watermark'],
    [['high_watermark' => 1 << 20, 'max_buffered' => 1 << 20], null],
    [['high_watermark' => 65536, 'max_buffered' => 1 << 20], null],
];
foreach ($cases as [$o, $names]) {
    $show = json_encode($o);
    try {
        new WebSocket\Server('127.0.0.1', 0, $o);
        echo "$show: accepted\n";
    } catch (ValueError $e) {
        echo "$show: ValueError", $names !== null && str_contains($e->getMessage(), $names) ? " naming $names" : ' (' . $e->getMessage() . ')', "\n";
    } catch (Throwable $e) {
        echo "$show: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
{"ping_interval":30000,"idle_timeout":20000}: ValueError naming idle_timeout
{"ping_interval":30000,"idle_timeout":30000}: ValueError naming idle_timeout
{"ping_interval":1000,"idle_timeout":999}: ValueError naming idle_timeout
{"ping_interval":30000,"idle_timeout":30001}: accepted
{"ping_interval":0,"idle_timeout":1000}: accepted
{"ping_interval":1000,"idle_timeout":0}: accepted
{"ping_interval":0,"idle_timeout":0}: accepted
{"high_watermark":2097152,"max_buffered":1048576}: ValueError naming high_watermark
{"high_watermark":1048577,"max_buffered":1048576}: ValueError naming high_watermark
{"high_watermark":1048576,"max_buffered":1048576}: accepted
{"high_watermark":65536,"max_buffered":1048576}: accepted
