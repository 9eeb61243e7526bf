<?php
/*
 * Family 13 (Autobahn "WebSocket Compression (different parameters)"): the same echo under different
 * permessage-deflate offers. The answer is checked against the offer (RFC 7692 §7.1: known parameters, each
 * once, server_max_window_bits no bigger than offered, client_max_window_bits only when offered), the client
 * compresses with the window and context the server asked for, and the server's frames are inflated with
 * exactly the window it agreed, so a server that used a bigger one fails (the payloads repeat 4 KiB blocks,
 * far beyond a 256-byte or 1 KiB window). 13.1 .. 13.7 follow Autobahn's offers; 13.8 on are extra.
 */
declare(strict_types=1);

namespace Conformance;

/** [offer header lines, what the answer must hold] for each parameter family. */
function pmdOffers(): array
{
    return [
        1 => [['permessage-deflate; client_max_window_bits'], []],
        2 => [['permessage-deflate; client_no_context_takeover; client_max_window_bits'], ['client_no_context_takeover' => true]],
        3 => [['permessage-deflate; client_max_window_bits; server_max_window_bits=8'], ['server_max_window_bits' => 8]],
        4 => [['permessage-deflate; client_max_window_bits; server_max_window_bits=15'], ['server_max_window_bits' => 15]],
        5 => [['permessage-deflate; server_no_context_takeover; client_max_window_bits; server_max_window_bits=8'],
            ['server_no_context_takeover' => true, 'server_max_window_bits' => 8]],
        6 => [['permessage-deflate; server_no_context_takeover; client_max_window_bits; server_max_window_bits=15'],
            ['server_no_context_takeover' => true, 'server_max_window_bits' => 15]],
        7 => [['permessage-deflate; server_no_context_takeover; server_max_window_bits=8, permessage-deflate; server_no_context_takeover, permessage-deflate'],
            ['server_no_context_takeover' => true, 'server_max_window_bits' => 8]],
        // extra: windows the client asks to use, several lines, a bad offer first, quoted values
        8 => [['permessage-deflate; client_max_window_bits=9'], ['client_max_window_bits' => 9]],
        9 => [['permessage-deflate; client_max_window_bits=8'], ['client_max_window_bits' => 8]],
        10 => [['permessage-deflate; server_max_window_bits=10; client_max_window_bits=11'], ['server_max_window_bits' => 10, 'client_max_window_bits' => 11]],
        11 => [['permessage-deflate; x-unknown=1', 'permessage-deflate; server_max_window_bits="12"'], ['server_max_window_bits' => 12]],
        12 => [['permessage-deflate; server_max_window_bits=7, permessage-deflate; client_max_window_bits=16, permessage-deflate; server_max_window_bits=9'],
            ['server_max_window_bits' => 9]],
    ];
}

foreach (pmdOffers() as $k => [$offer, $must]) {
    foreach (PMD_SIZES as $i => $size) {
        $op = $i % 2 ? OP_BINARY : OP_TEXT;
        $count = max(8, intdiv(pmdCount($size), 4));
        add(sprintf('13.%d.%d', $k, $i + 1), sprintf('offer [%s]: %d %s messages of %d bytes', implode(' / ', $offer), $count, opName($op), $size),
            function (Conn $raw, Notes $n) use ($offer, $must, $op, $size, $count): void {
                $c = pmdOpen($raw, $offer);
                foreach ($must as $key => $value) {
                    if ($c->pmd[$key] !== $value) {
                        fail("$key " . var_export($value, true) . ' in the answer', var_export($c->pmd[$key], true) . ' (' . preview($c->responseHead, 400) . ')');
                    }
                }
                if ($c->pmd['server_max_window_bits'] === 8) {
                    $n->info('server_max_window_bits=8 agreed: the server sends uncompressed (zlib cannot deflate with 256 bytes)');
                }
                pmdEcho($c, $n, $op, $op === OP_TEXT ? fn (int $s) => jsonPayload($s, 40 + $s) : fn (int $s) => pseudoRandomBytes($s, 41), $size, $count);
            }, 60.0, true);
    }
}

add('13.13.1', 'only invalid offers: the upgrade goes ahead without the extension (never 400)', function (Conn $raw, Notes $n): void {
    $raw->close();
    $c = Conn::open($raw->host, $raw->port, $raw->timeout, $raw->deadline, 'chat',
        ['permessage-deflate; bogus', 'permessage-deflate; server_no_context_takeover=1, permessage-deflate; client_max_window_bits; client_max_window_bits']);
    if ($c->pmd !== null) {
        fail('no permessage-deflate for invalid offers (RFC 7692 §7.1: decline)', 'it was accepted');
    }
    $c->send(frame(OP_TEXT, 'plain'));
    $c->expectMessage(OP_TEXT, 'plain');
    $c->closeNormally($n);
}, 10.0, true);
