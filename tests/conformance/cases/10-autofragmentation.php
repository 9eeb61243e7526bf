<?php
/*
 * Family 10 (Autobahn "Misc": auto-fragmentation): one message sent in many
 * fragments of fixed and of varying sizes, with fragment boundaries inside
 * UTF-8 code points for text; the echo must be the whole message.
 */
declare(strict_types=1);

namespace Conformance;

function fragmentedEcho(int $op, int $size, array $sizes, int $chop = 0): callable
{
    return function (Conn $c, Notes $n) use ($op, $size, $sizes, $chop): void {
        $payload = $op === OP_TEXT ? utf8Payload($size) : pseudoRandomBytes($size, 11);
        $bytes = fragments($op, $payload, $sizes);
        $t0 = now();
        $c->send($bytes, $chop);
        $c->expectMessage($op, $payload, 30.0);
        $n->timing(sprintf('%.1f ms', (now() - $t0) * 1000));
        $c->closeNormally($n);
    };
}

/** Varying sizes: a fixed pseudo-random sequence from 1 to $max, with some empty fragments. */
function varyingSizes(int $count, int $max, int $seed): array
{
    mt_srand($seed);
    $out = [];
    for ($i = 0; $i < $count; $i++) {
        $out[] = $i % 17 === 5 ? 0 : mt_rand(1, $max);
    }
    mt_srand();
    return $out;
}

add('10.1.1', 'text message of 64 KiB auto-fragmented into frames of 1300 bytes', fragmentedEcho(OP_TEXT, 65536, [1300]));
add('10.1.2', 'binary message of 64 KiB auto-fragmented into frames of 1300 bytes', fragmentedEcho(OP_BINARY, 65536, [1300]));
add('10.1.3', 'text message of 64 KiB in fragments of varying sizes (0..997 bytes, boundaries inside code points)', fragmentedEcho(OP_TEXT, 65536, varyingSizes(200, 997, 1)));
add('10.1.4', 'binary message of 1 MiB in fragments of varying sizes (0..65537 bytes)', fragmentedEcho(OP_BINARY, 1 << 20, varyingSizes(100, 65537, 2)));
add('10.1.5', 'text message of 1 MiB in fragments of 1, 2, 3, ... 1500 bytes, sent in TCP chops of 1000 bytes', fragmentedEcho(OP_TEXT, 1 << 20, range(1, 1500), 1000));
add('10.1.6', 'text message of 16 KiB in fragments of 1-7 bytes (all splits of code points)', fragmentedEcho(OP_TEXT, 16384, [1, 2, 3, 4, 5, 6, 7]));
add('10.1.7', 'text message of 4 MiB in fragments at the 16-bit/64-bit length edges (125, 126, 65535, 65536 bytes)', fragmentedEcho(OP_TEXT, 4 << 20, [125, 126, 127, 65535, 65536]));
