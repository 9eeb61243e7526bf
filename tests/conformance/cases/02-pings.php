<?php
/*
 * Family 2 (Autobahn "Pings/Pongs"): a ping gets a pong with the same payload
 * (RFC 6455 §5.5.2, §5.5.3), control payloads are at most 125 bytes (§5.5),
 * unsolicited pongs are ignored (§5.5.3).
 */
declare(strict_types=1);

namespace Conformance;

function pingCase(string $payload, int $chop = 0): callable
{
    return function (Conn $c, Notes $n) use ($payload, $chop): void {
        $c->sendFrame(OP_PING, $payload, true, 0, $chop, $chop > 0 ? 0.0005 : 0.0);
        $c->expectPong($payload);
        $c->closeNormally($n);
    };
}

add('2.1', 'ping without payload', pingCase(''));
add('2.2', 'ping with small text payload', pingCase('Hello, world!'));
add('2.3', 'ping with small binary (non UTF-8) payload', pingCase("\x00\xff\xfe\xfd\xfc\xfb\x00\xff"));
add('2.4', 'ping with binary payload of 125 bytes', pingCase(str_repeat("\xfe", 125)));

add('2.5', 'ping with binary payload of 126 bytes', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_PING, str_repeat("\xfe", 126));
    $c->expectFailClose([1002]);
});

add('2.6', 'ping with binary payload of 125 bytes, sent in 1-byte chops', pingCase(str_repeat("\xfe", 125), 1));

add('2.7', 'unsolicited pong without payload is ignored', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_PONG, '');
    $c->closeNormally($n);   // the next thing back must be the Close, nothing else
});

add('2.8', 'unsolicited pong with payload is ignored', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_PONG, 'unsolicited pong payload');
    $c->closeNormally($n);
});

add('2.9', 'unsolicited pong, then ping: one pong for the ping', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_PONG, 'unsolicited pong payload') . frame(OP_PING, 'ping payload'));
    $c->expectPong('ping payload');
    $c->closeNormally($n);
});

/** $count pings back to back; pongs must match in order, or (§5.5.3) only the last ones. */
function manyPings(int $count, int $chop): callable
{
    return function (Conn $c, Notes $n) use ($count, $chop): void {
        $bytes = '';
        for ($i = 0; $i < $count; $i++) {
            $bytes .= frame(OP_PING, "payload-$i");
        }
        $c->send($bytes, $chop, $chop > 0 ? 0.0002 : 0.0);
        $seen = [];
        for ($i = 0; $i < $count; $i++) {
            $ev = $c->next($i === 0 ? null : 1.0);
            if ($ev['t'] === 'timeout' && $seen) {
                break;
            }
            if ($ev['t'] !== 'pong') {
                fail("pongs for $count pings", describe($ev) . ' after ' . count($seen) . ' pongs');
            }
            $seen[] = $ev['data'];
            if ($ev['data'] === 'payload-' . ($count - 1)) {
                break;
            }
        }
        $want = array_map(fn ($i) => "payload-$i", range(0, $count - 1));
        if ($seen !== $want) {
            // RFC 6455 §5.5.3: an endpoint that has not yet answered earlier pings
            // MAY answer only the most recently processed one. Order must hold.
            $idx = array_map(fn ($p) => (int) substr($p, 8), $seen);
            $sorted = $idx;
            sort($sorted);
            if (end($seen) !== 'payload-' . ($count - 1) || $idx !== $sorted || count(array_unique($idx)) !== count($idx)) {
                fail("pongs payload-0..payload-" . ($count - 1) . ' in order', implode(',', $seen));
            }
            $n->nonStrict(sprintf('%d pongs for %d pings (RFC 6455 §5.5.3 allows answering only the most recent ping)', count($seen), $count));
        }
        $c->closeNormally($n);
    };
}

add('2.10', '10 pings sent back to back', manyPings(10, 0));
add('2.11', '10 pings sent in 1-byte chops', manyPings(10, 1));

// Beyond Autobahn: a ping with a 126-byte payload announced in the 16-bit length form.
add('2.12', 'ping with a 126-byte payload, sent in 1-byte chops', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_PING, str_repeat('x', 126)), 1, 0.0005);
    $c->expectFailClose([1002]);
});

add('2.13', 'ping right after an 8 MiB message: the pong comes, before or after the echo, frames intact', function (Conn $c, Notes $n): void {
    $big = pseudoRandomBytes(8 << 20, 5);
    $c->send(frame(OP_BINARY, $big) . frame(OP_PING, 'after-big'));
    $first = $c->next(30.0);
    $second = $c->next(30.0);
    $order = [$first['t'], $second['t']];
    $echo = $first['t'] === 'msg' ? $first : $second;
    $pong = $first['t'] === 'pong' ? $first : $second;
    if (!in_array($order, [['msg', 'pong'], ['pong', 'msg']], true)) {
        fail('the 8 MiB echo and a pong', describe($first) . ', then ' . describe($second));
    }
    if ($echo['op'] !== OP_BINARY || $echo['data'] !== $big) {
        fail('binary echo of 8 MiB', describe($echo));
    }
    if ($pong['data'] !== 'after-big') {
        fail('pong "after-big"', describe($pong));
    }
    // Both orders are allowed: RFC 6455 §5.5.2 asks for a pong "as soon as is practical".
    $c->closeNormally($n);
}, 60);

add('2.14', '1000 pings pipelined: pongs in order (RFC 6455 §5.5.3 allows skipping older ones)', manyPings(1000, 0), 60);
