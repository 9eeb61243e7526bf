<?php
/*
 * Family 1 (Autobahn "Framing"): text (1.1.x) and binary (1.2.x) messages of
 * the payload lengths at the edges of the 7-bit, 16-bit and 64-bit length
 * forms, each echoed with the same type and content.
 */
declare(strict_types=1);

namespace Conformance;

/** Echo one message; $chop > 0 sends the frame's bytes in chops of that size. */
function echoCase(int $op, string $payload, int $chop = 0, float $timeout = 10.0): callable
{
    return function (Conn $c, Notes $n) use ($op, $payload, $chop, $timeout): void {
        $t0 = now();
        $c->sendFrame($op, $payload, true, 0, $chop);
        $c->expectMessage($op, $payload, $timeout);
        if (strlen($payload) >= 1 << 20) {
            $n->timing(sprintf('%.1f ms round trip', (now() - $t0) * 1000));
        }
        $c->closeNormally($n);
    };
}

$sizes = [1 => 0, 2 => 125, 3 => 126, 4 => 127, 5 => 128, 6 => 65535, 7 => 65536];
foreach ([1 => OP_TEXT, 2 => OP_BINARY] as $sub => $op) {
    foreach ($sizes as $k => $size) {
        $payload = $op === OP_TEXT ? str_repeat('*', $size) : str_repeat("\xfe", $size);
        add("1.$sub.$k", sprintf('%s message, payload %d bytes', opName($op), $size), echoCase($op, $payload));
    }
    $payload = $op === OP_TEXT ? str_repeat('*', 65536) : str_repeat("\xfe", 65536);
    add("1.$sub.8", sprintf('%s message, payload 65536 bytes, sent in chops of 997 bytes', opName($op)), echoCase($op, $payload, 997));
    // Beyond Autobahn: the largest message examples/echo.php must take.
    $payload = $op === OP_TEXT ? utf8Payload(16 << 20) : pseudoRandomBytes(16 << 20, 7);
    add("1.$sub.9", sprintf('%s message, payload 16 MiB (16777216 bytes)', opName($op)), echoCase($op, $payload, 0, 60.0), 90);
    $payload = $op === OP_TEXT ? utf8Payload(1000) : pseudoRandomBytes(1000, 3);
    add("1.$sub.10", sprintf('%s message of 1000 bytes sent in 1-byte chops', opName($op)), function (Conn $c, Notes $n) use ($op, $payload): void {
        $c->sendFrame($op, $payload, true, 0, 1, 0.0005);
        $c->expectMessage($op, $payload);
        $c->closeNormally($n);
    });
}

// Not in Autobahn: RFC 6455 §5.2 says the minimal number of bytes MUST be used
// to encode the length; a 5-byte payload announced in the 16-bit form is a
// protocol error the server may (and this project's decoder does) reject.
add('1.3.1', 'payload length not in minimal form (5 bytes in the 16-bit form)', function (Conn $c, Notes $n): void {
    $mask = random_bytes(4);
    $payload = 'Hello';
    $raw = chr(0x81) . chr(0x80 | 126) . pack('n', 5) . $mask . ($payload ^ substr(str_repeat($mask, 2), 0, 5));
    $c->send($raw);
    $ev = $c->next();
    if ($ev['t'] === 'msg' && $ev['data'] === $payload) {
        $n->info('server accepted a non-minimal length (RFC 6455 §5.2 requires the sender to use the minimal form; ws_frame.h says the decoder rejects it)');
        $c->closeNormally($n);
        return;
    }
    if ($ev['t'] !== 'close' || $ev['code'] !== 1002) {
        fail('close 1002 (or the echo)', describe($ev));
    }
    $c->sendClose(1002);
    $c->expectTcpClose();
});

add('1.3.2', 'unmasked client frame', function (Conn $c, Notes $n): void {
    // RFC 6455 §5.1: the server MUST close the connection upon an unmasked frame.
    $c->send(frame(OP_TEXT, 'Hello', true, 0, false));
    $c->expectFailClose([1002]);
});

add('1.3.3', '64-bit length with the most significant bit set', function (Conn $c, Notes $n): void {
    // RFC 6455 §5.2: the most significant bit MUST be 0.
    $c->send(chr(0x82) . chr(0x80 | 127) . "\x80\x00\x00\x00\x00\x00\x00\x05" . random_bytes(4) . 'Hello');
    $c->expectFailClose([1002, 1009]);
});

add('1.3.4', 'binary frame in the 64-bit length form (65537 bytes), header sent one byte at a time', function (Conn $c, Notes $n): void {
    $payload = pseudoRandomBytes(65537, 9);
    $f = frame(OP_BINARY, $payload);
    $c->send(substr($f, 0, 14), 1, 0.002);   // 2 + 8 length bytes + 4 mask bytes
    $c->send(substr($f, 14));
    $c->expectMessage(OP_BINARY, $payload);
    $c->closeNormally($n);
});

add('1.3.5', 'masking key 00 00 00 00 (a valid key: the payload goes as is)', function (Conn $c, Notes $n): void {
    $c->send(chr(0x81) . chr(0x80 | 5) . "\0\0\0\0" . 'Hello');
    $c->expectMessage(OP_TEXT, 'Hello');
    $c->closeNormally($n);
});
