--TEST--
Options: every documented option with a valid value is accepted; 0 turns a timer off and is valid
--EXTENSIONS--
websocket
--FILE--
<?php
$all = [
    'path' => '/chat',
    'subprotocols' => ['chat', 'superchat'],
    'origins' => ['http://example.com'],
    'max_message_size' => 1 << 20,
    'max_header_size' => 4096,
    'max_connections' => 10,
    'handshake_timeout' => 1000,
    'ping_interval' => 0,
    'idle_timeout' => 0,
    'close_timeout' => 0,
    'high_watermark' => 65536,
    'max_buffered' => 1 << 20,
    'buffer_full_policy' => 'drop',
    'backlog' => 16,
    'reuse_port' => false,
];
$s = new WebSocket\Server('127.0.0.1', 0, $all);
echo get_class($s), "\n";
foreach ([['path' => null], ['origins' => null], ['subprotocols' => []], ['buffer_full_policy' => 'close'],
          ['handshake_timeout' => 0], ['reuse_port' => true]] as $o) {
    $s = new WebSocket\Server('127.0.0.1', 0, $o);
    echo key($o), ": ok\n";
}
?>
--EXPECT--
WebSocket\Server
path: ok
origins: ok
subprotocols: ok
buffer_full_policy: ok
handshake_timeout: ok
reuse_port: ok
