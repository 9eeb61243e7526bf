--TEST--
Limits: with max_header_size 1 MiB, a 600 KiB request head and a 500 KiB frame read together get 101 and the message echoed intact (the bytes after the head are not copied past the 256 KiB read buffer)
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

/*
 * The server only copies too much when one read() returns the end of the head and more than 256 KiB after it.
 * A fresh socket's receive buffer holds less than that, so: the head but its last CRLF goes first (the server
 * reads it, which also grows the socket's receive buffer), then the server is made busy for a while (a timer
 * sees the "go" file), and the last CRLF and the whole frame are written in one write while it is busy: its
 * next read() then returns up to 1 MiB minus what it holds.
 */
$go = tempnam(sys_get_temp_dir(), 'wsl_go_');
$busy = tempnam(sys_get_temp_dir(), 'wsl_busy_');
unlink($go);
unlink($busy);
register_shutdown_function(function () use ($go, $busy) {
    @unlink($go);
    @unlink($busy);
});
$files = 'const GO = ' . var_export($go, true) . '; const BUSY = ' . var_export($busy, true) . ";\n";
$srv = wst_echo_server(['max_header_size' => 1 << 20, 'handshake_timeout' => 0, 'ping_interval' => 0], $files . <<<'PHP'
$server->every(10, function () {
    if (file_exists(GO)) {
        unlink(GO);
        touch(BUSY);
        $until = microtime(true) + 0.5 * WST_SLOW;
        while (microtime(true) < $until) {
        }
    }
});
$server->onOpen(function (WebSocket\Connection $c) {
    echo "server: open, ", count($c->getHeaders()), " headers\n";
});
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    echo "server: message ", $binary ? 'binary' : 'text', ' ', strlen($data), ' bytes md5 ', md5($data), "\n";
    $c->send($data, $binary);
});
PHP, 1, 30000);

/* 100 header lines of 6 KiB: a head of about 600 KiB (at most 128 fields are allowed). */
$pad = [];
for ($i = 0; $i < 100; $i++) {
    $pad[] = sprintf('X-Pad-%03d: %s', $i, str_repeat(chr(ord('a') + $i % 26), 6 << 10));
}
$head = wst_request('/', $pad);
/* 500 KiB of bytes that are not a repeating pattern, so a misplaced copy cannot pass by luck. */
$payload = '';
for ($i = 0; strlen($payload) < 500 << 10; $i++) {
    $payload .= hash('sha512', "block $i", true);
}
$payload = substr($payload, 0, 500 << 10);
echo "head ", strlen($head) > 600 << 10 ? 'over 600 KiB' : 'too small', ", payload ", strlen($payload), " bytes md5 ", md5($payload), "\n";
$ws = wst_tcp($srv['port']);
wst_send_raw($ws, substr($head, 0, -2), 'the head but its last CRLF');
usleep((int) (300000 * WST_SLOW));
touch($go);
for ($i = 0; $i < 1000 && !file_exists($busy); $i++) {
    usleep(5000);
}
echo "server busy: ", var_export(file_exists($busy), true), "\n";
wst_send_raw($ws, "\r\n" . wst_frame(WST_BINARY, $payload), 'the last CRLF + a masked 500 KiB binary frame in one write');
echo '<- ', wst_status_code(wst_read_head($ws, 10.0)), "\n";
$f = wst_recv_frame($ws, 10.0);
if ($f === null) {
    echo $ws->eof ? "<- EOF\n" : "<- TIMEOUT\n";
} else {
    echo '<- ', wst_opcode_name($f['opcode']), ' fin=', (int) $f['fin'], ' len=', $f['len'], ' md5 ', md5($f['payload']),
        $f['payload'] === $payload ? ' (intact)' : ' (CORRUPTED)', "\n";
}
wst_close_cleanly($ws);
wst_finish($srv, 30.0);
?>
--EXPECT--
head over 600 KiB, payload 512000 bytes md5 9f0452f3136618f4866aba5e6c98dcd3
-> the head but its last CRLF
server busy: true
-> the last CRLF + a masked 500 KiB binary frame in one write
<- HTTP/1.1 101
<- binary fin=1 len=512000 md5 9f0452f3136618f4866aba5e6c98dcd3 (intact)
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open, 105 headers
server: message binary 512000 bytes md5 9f0452f3136618f4866aba5e6c98dcd3
server: close 1 1000 ''
server: run returned
