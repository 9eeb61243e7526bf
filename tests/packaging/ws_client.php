<?php
/*
 * tests/packaging/ws_client.php [--tls=CAFILE] [--from=ADDR] PORT ['Header: value' ...]: opens ws://127.0.0.1:PORT/
 * (wss://, the certificate verified against CAFILE, with --tls; from the local address ADDR, e.g. another
 * loopback address such as 127.0.0.2, with --from) with these extra request headers, prints the response's
 * status line and the first message the server sends, as
 *   status: HTTP/1.1 101 Switching Protocols
 *   message: <text>
 * Every read is bounded (5 s); exit 1 on any failure.
 */
declare(strict_types=1);

function fail(string $why): never
{
    fwrite(STDERR, "ws_client: $why\n");
    exit(1);
}

/** Reads exactly $n bytes. */
function read_n($s, int $n): string
{
    $buf = '';
    while (strlen($buf) < $n) {
        $chunk = fread($s, $n - strlen($buf));
        if ($chunk === false || $chunk === '') {
            fail(stream_get_meta_data($s)['timed_out'] ? 'timed out' : 'connection closed after ' . strlen($buf) . " of $n bytes");
        }
        $buf .= $chunk;
    }
    return $buf;
}

$args = array_slice($argv, 1);
$cafile = null;
$from = null;
while (preg_match('/^--(tls|from)=(.*)$/', $args[0] ?? '', $m)) {
    array_shift($args);
    $m[1] === 'tls' ? $cafile = $m[2] : $from = $m[2];
}
$port = (int) ($args[0] ?? 0);
$context = stream_context_create(['ssl' => [
    'cafile' => $cafile,
    'verify_peer' => true,
    'verify_peer_name' => true,
    'peer_name' => '127.0.0.1',
], 'socket' => $from === null ? [] : ['bindto' => "$from:0"]]);
$scheme = $cafile === null ? 'tcp' : 'tls';
$s = @stream_socket_client("$scheme://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $context);
if ($s === false) {
    fail("connect to $scheme://127.0.0.1:$port: $errstr");
}
stream_set_timeout($s, 5);
$key = base64_encode(random_bytes(16));
$request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    . "Sec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n";
foreach (array_slice($args, 1) as $header) {
    $request .= "$header\r\n";
}
fwrite($s, "$request\r\n");

$head = '';
while (!str_ends_with($head, "\r\n\r\n")) {
    $head .= read_n($s, 1);
    if (strlen($head) > 16384) {
        fail('response head over 16 KiB');
    }
}
$status = strtok($head, "\r\n");
echo "status: $status\n";
$accept = base64_encode(sha1($key . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
if (!preg_match('/^Sec-WebSocket-Accept:\s*' . preg_quote($accept, '/') . '\s*$/mi', $head)) {
    fail("no Sec-WebSocket-Accept: $accept in\n$head");
}

// One frame from the server (unmasked; RFC 6455 §5.2).
[$b0, $b1] = array_values(unpack('C2', read_n($s, 2)));
$len = $b1 & 0x7f;
if ($len === 126) {
    $len = unpack('n', read_n($s, 2))[1];
} elseif ($len === 127) {
    $len = unpack('J', read_n($s, 8))[1];
}
$payload = read_n($s, $len);
if (($b0 & 0x0f) !== 1) {
    fail(sprintf('expected a text frame, got opcode %d', $b0 & 0x0f));
}
echo "message: $payload\n";
