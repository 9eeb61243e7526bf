<?php
/*
 * Family 12 (Autobahn "WebSocket Compression (different payloads)"): with permessage-deflate (RFC 7692)
 * negotiated, messages of 16 bytes to 128 KiB of five kinds of payload, each sent compressed (RSV1) and
 * echoed; the server's compressed frames are inflated with exactly the window it agreed. Extra cases after
 * Autobahn's numbers: fragmented, empty and mixed compressed messages, RSV1 misuse (1002), streams that do
 * not inflate (1007 for text, 1002 for binary), a deflate bomb (1009), a block with BFINAL set.
 */
declare(strict_types=1);

namespace Conformance;

const PMD_OFFER = 'permessage-deflate; client_max_window_bits';
const PMD_SIZES = [16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072];

/** A connection with permessage-deflate negotiated (the harness's raw TCP connection is dropped). */
function pmdOpen(Conn $raw, string|array $offer = PMD_OFFER): Conn
{
    $raw->close();
    $c = Conn::open($raw->host, $raw->port, $raw->timeout, $raw->deadline, 'chat', $offer);
    if ($c->pmd === null) {
        fail('permessage-deflate accepted (the server under test has compression on)', 'no Sec-WebSocket-Extensions in the 101');
    }
    return $c;
}

/** English-like prose of exactly $n bytes. */
function prosePayload(int $n, int $seed): string
{
    $words = ['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'it', 'as', 'was', 'with', 'be', 'by',
        'on', 'not', 'he', 'this', 'are', 'or', 'his', 'from', 'at', 'which', 'but', 'have', 'an', 'had', 'they',
        'sleep', 'perchance', 'to', 'dream', 'ay', 'there\'s', 'the', 'rub', 'mortal', 'coil', 'question'];
    mt_srand($seed);
    $s = '';
    while (strlen($s) < $n) {
        $s .= $words[mt_rand(0, count($words) - 1)] . (mt_rand(0, 11) ? ' ' : ".\n");
    }
    mt_srand();
    return substr($s, 0, $n);
}

/** JSON records of a chat or feed, cut to $n bytes (ASCII, so any cut is valid UTF-8). */
function jsonPayload(int $n, int $seed): string
{
    mt_srand($seed);
    $s = '';
    for ($i = 0; strlen($s) < $n; $i++) {
        $s .= json_encode(['id' => 100000 + $i, 'user' => ['alice', 'bob', 'carol'][mt_rand(0, 2)], 'online' => (bool) mt_rand(0, 1),
            'text' => prosePayload(mt_rand(10, 60), $seed + $i), 'ts' => 1700000000000 + mt_rand(0, 99999)]) . "\n";
    }
    mt_srand();
    return substr($s, 0, $n);
}

/** The payload kinds of 12.1 .. 12.5: [opcode, name, generator]. */
function pmdKinds(): array
{
    return [
        1 => [OP_TEXT, 'artificial text', fn (int $n) => utf8Payload($n)],
        2 => [OP_TEXT, 'English prose', fn (int $n) => prosePayload($n, 12)],
        3 => [OP_TEXT, 'JSON records', fn (int $n) => jsonPayload($n, 13)],
        4 => [OP_BINARY, 'binary with long-distance repeats', fn (int $n) => pseudoRandomBytes($n, 14)],
        5 => [OP_BINARY, 'random binary (incompressible)', fn (int $n) => $n ? random_bytes($n) : ''],
    ];
}

/** Messages per case: Autobahn's 1000 for small ones, fewer for large ones (4 MiB per case at most). */
function pmdCount(int $size): int
{
    return max(8, min(1000, intdiv(4 << 20, max(1, $size))));
}

/** Echo $count messages made by $gen, compressed, a few in flight; check each echo. */
function pmdEcho(Conn $c, Notes $n, int $op, callable $gen, int $size, int $count, array $frags = []): void
{
    $t0 = now();
    $variants = [];
    for ($v = 0; $v < 4; $v++) {
        // Four variants (the last bytes differ), so a server that echoed a stale message would be caught.
        $p = $gen($size);
        if ($size >= 4) {
            $head = substr($p, 0, -4);
            for ($j = 0; $op === OP_TEXT && !isUtf8($head); $j++) {
                $head = substr($p, 0, -5 - $j) . str_repeat('*', $j + 1); // a code point cut in two
            }
            $p = $head . ($op === OP_TEXT ? sprintf('%04d', $v) : pack('N', $v));
        }
        $variants[] = $p;
    }
    $window = 4;
    for ($i = 0, $got = 0; $got < $count; ) {
        while ($i < $count && $i - $got < $window) {
            $c->send($c->messageFrames($op, $variants[$i % 4], true, $frags));
            $i++;
        }
        $c->expectMessage($op, $variants[$got % 4], 30.0);
        $got++;
    }
    $n->timing(sprintf('%d x %d B in %.0f ms, %d of them back compressed', $count, $size, (now() - $t0) * 1000, $c->compressedIn));
    $c->closeNormally($n);
}

foreach (pmdKinds() as $k => [$op, $name, $gen]) {
    foreach (PMD_SIZES as $i => $size) {
        $count = pmdCount($size);
        add(sprintf('12.%d.%d', $k, $i + 1), sprintf('%s, %d messages of %d bytes, compressed both ways', $name, $count, $size),
            function (Conn $raw, Notes $n) use ($op, $gen, $size, $count): void {
                pmdEcho(pmdOpen($raw), $n, $op, $gen, $size, $count);
            }, 60.0, true);
    }
}

// --- extra cases (not in Autobahn) ---

add('12.6.1', 'compressed text of 64 KiB in fragments of 1300 bytes (RSV1 on the first only)', function (Conn $raw, Notes $n): void {
    pmdEcho(pmdOpen($raw), $n, OP_TEXT, fn (int $s) => jsonPayload($s, 21), 65536, 4, [1300]);
}, 30.0, true);

add('12.6.2', 'compressed binary of 1 MiB in fragments of 1 to 65537 bytes', function (Conn $raw, Notes $n): void {
    pmdEcho(pmdOpen($raw), $n, OP_BINARY, fn (int $s) => pseudoRandomBytes($s, 22), 1 << 20, 2, [1, 7, 65537, 300, 4096]);
}, 30.0, true);

add('12.6.3', 'empty compressed messages: a 0x00 block (§7.2.3.6), an empty RSV1 frame, an empty fragmented one', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_TEXT, "\x00", true, 4));
    $c->expectMessage(OP_TEXT, '');
    $c->send(frame(OP_BINARY, '', true, 4));
    $c->expectMessage(OP_BINARY, '');
    $c->send(frame(OP_TEXT, '', false, 4) . frame(OP_CONT, "\x00", false) . frame(OP_CONT, '', true));
    $c->expectMessage(OP_TEXT, '');
    $c->closeNormally($n);
}, 10.0, true);

add('12.6.4', 'compressed and uncompressed messages interleaved (§6: compression is per message)', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    for ($i = 0; $i < 20; $i++) {
        $p = jsonPayload(3000 + $i, 30 + $i);
        $c->send($c->messageFrames(OP_TEXT, $p, $i % 2 === 0));
        $c->expectMessage(OP_TEXT, $p);
    }
    $c->closeNormally($n);
}, 10.0, true);

add('12.6.5', 'a ping between the fragments of a compressed message is answered, the message echoed', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $p = prosePayload(20000, 31);
    $z = $c->deflate($p);
    $k = intdiv(strlen($z), 2);
    $c->send(frame(OP_TEXT, substr($z, 0, $k), false, 4) . frame(OP_PING, 'mid') . frame(OP_CONT, substr($z, $k), true));
    $c->expectPong('mid');
    $c->expectMessage(OP_TEXT, $p);
    $c->closeNormally($n);
}, 10.0, true);

add('12.6.6', 'a compressed message ending in a block with BFINAL set (§7.2.3.3), then another message', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $p = prosePayload(5000, 32);
    $c->send(frame(OP_TEXT, gzdeflate($p, 6, ZLIB_ENCODING_RAW), true, 4));
    $c->expectMessage(OP_TEXT, $p);
    $c->send($c->messageFrames(OP_TEXT, $p));
    $c->expectMessage(OP_TEXT, $p);
    $c->closeNormally($n);
}, 10.0, true);

add('12.7.1', 'RSV1 on a continuation frame: fail with 1002 (§6.1)', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_TEXT, 'ab', false) . frame(OP_CONT, 'cd', true, 4));
    $c->expectFailClose([1002]);
}, 10.0, true);

add('12.7.2', 'RSV1 on a ping: fail with 1002 (control frames are never compressed)', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_PING, 'x', true, 4));
    $c->expectFailClose([1002]);
}, 10.0, true);

add('12.7.3', 'RSV1 on a close frame: fail with 1002', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_CLOSE, closePayload(1000), true, 4));
    $c->expectFailClose([1002]);
}, 10.0, true);

add('12.7.4', 'RSV2 with permessage-deflate negotiated: fail with 1002 (only RSV1 is the extension\'s)', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_TEXT, 'x', true, 2));
    $c->expectFailClose([1002]);
}, 10.0, true);

add('12.8.1', 'a compressed text message that does not inflate: fail with 1007', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_TEXT, "\xff\xff\xff\xff", true, 4));
    $c->expectFailClose([1007]);
}, 10.0, true);

add('12.8.2', 'a compressed binary message that does not inflate: fail with 1002', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_BINARY, "\xff\xff\xff\xff", true, 4));
    $c->expectFailClose([1002]);
}, 10.0, true);

add('12.8.3', 'deflated invalid UTF-8 in the first of many fragments: fail fast with 1007', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $c->send(frame(OP_TEXT, $c->deflate("fine \xed\xa0\x80 not"), false, 4));
    $c->expectFailClose([1007]);
}, 10.0, true);

add('12.9.1', 'a deflate bomb: 100 MiB of zeros in about 100 KB, over the server\'s max_message_size: 1009 while inflating', function (Conn $raw, Notes $n): void {
    $c = pmdOpen($raw);
    $z = $c->deflate(str_repeat("\0", 100 << 20));
    $n->info(sprintf('%d compressed bytes', strlen($z)));
    $c->send(frame(OP_BINARY, $z, true, 4));
    $c->expectFailClose([1009]);
}, 30.0, true);
