<?php
/*
 * Family 5 (Autobahn "Fragmentation"), RFC 6455 §5.4: a message may be sent
 * in fragments (first frame with the opcode and FIN=0, continuation frames,
 * the last with FIN=1); control frames may be injected between fragments and
 * MUST NOT themselves be fragmented; a continuation frame with nothing to
 * continue, or a new data frame inside a fragmented message, fails the
 * connection (close 1002). 5.21 onwards go beyond Autobahn.
 */
declare(strict_types=1);

namespace Conformance;

add('5.1', 'ping fragmented into 2 frames (FIN=0 ping)', badFrameCase(frame(OP_PING, 'fragment1', false) . frame(OP_CONT, 'fragment2')));
add('5.2', 'pong fragmented into 2 frames (FIN=0 pong)', badFrameCase(frame(OP_PONG, 'fragment1', false) . frame(OP_CONT, 'fragment2')));

function twoFragments(string $mode): callable
{
    return function (Conn $c, Notes $n) use ($mode): void {
        sendFrames($c, [frame(OP_TEXT, 'fragment1', false), frame(OP_CONT, 'fragment2')], $mode);
        $c->expectMessage(OP_TEXT, 'fragment1fragment2');
        $c->closeNormally($n);
    };
}
add('5.3', 'text message in 2 fragments', twoFragments('all'));
add('5.4', 'text message in 2 fragments, 1-byte chops', twoFragments('octet'));
add('5.5', 'text message in 2 fragments, frame by frame', twoFragments('frame'));

function fragmentsWithPing(string $mode): callable
{
    return function (Conn $c, Notes $n) use ($mode): void {
        sendFrames($c, [frame(OP_TEXT, 'fragment1', false), frame(OP_PING, 'ping payload'), frame(OP_CONT, 'fragment2')], $mode);
        // The ping arrives before the message is complete: its pong comes first.
        $c->expectPong('ping payload');
        $c->expectMessage(OP_TEXT, 'fragment1fragment2');
        $c->closeNormally($n);
    };
}
add('5.6', 'text message in 2 fragments with a ping in between', fragmentsWithPing('all'));
add('5.7', 'text message in 2 fragments with a ping in between, 1-byte chops', fragmentsWithPing('octet'));
add('5.8', 'text message in 2 fragments with a ping in between, frame by frame', fragmentsWithPing('frame'));

function orphanContinuation(bool $fin, string $mode): callable
{
    return function (Conn $c, Notes $n) use ($fin, $mode): void {
        sendFrames($c, [frame(OP_CONT, 'non-continuation payload', $fin), frame(OP_TEXT, 'Hello, world!')], $mode);
        $c->expectFailClose([1002]);
    };
}
add('5.9', 'continuation (FIN=1) with nothing to continue, then text', orphanContinuation(true, 'all'));
add('5.10', 'continuation (FIN=1) with nothing to continue, then text; 1-byte chops', orphanContinuation(true, 'octet'));
add('5.11', 'continuation (FIN=1) with nothing to continue, then text; frame by frame', orphanContinuation(true, 'frame'));
add('5.12', 'continuation (FIN=0) with nothing to continue, then text', orphanContinuation(false, 'all'));
add('5.13', 'continuation (FIN=0) with nothing to continue, then text; 1-byte chops', orphanContinuation(false, 'octet'));
add('5.14', 'continuation (FIN=0) with nothing to continue, then text; frame by frame', orphanContinuation(false, 'frame'));

add('5.15', 'text in 2 fragments, then continuation (FIN=0) with nothing to continue, then text', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, 'fragment1', false) . frame(OP_CONT, 'fragment2') . frame(OP_CONT, 'fragment3', false) . frame(OP_TEXT, 'fragment4'));
    $c->expectMessage(OP_TEXT, 'fragment1fragment2');
    $c->expectFailClose([1002]);
});

function repeatedOrphans(bool $fin): callable
{
    return function (Conn $c, Notes $n) use ($fin): void {
        $one = frame(OP_CONT, 'fragment1', $fin) . frame(OP_TEXT, 'fragment2', false) . frame(OP_CONT, 'fragment3');
        $c->send($one . $one);
        $c->expectFailClose([1002]);
    };
}
add('5.16', '2x: continuation (FIN=0) with nothing to continue, then text in 2 fragments', repeatedOrphans(false));
add('5.17', '2x: continuation (FIN=1) with nothing to continue, then text in 2 fragments', repeatedOrphans(true));

add('5.18', 'text in 2 fragments, both frames with the text opcode (new text inside a fragmented message)', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, 'fragment1', false) . frame(OP_TEXT, 'fragment2'));
    $c->expectFailClose([1002]);
});

function fivePartsWithPings(bool $waits): callable
{
    return function (Conn $c, Notes $n) use ($waits): void {
        $parts = [
            frame(OP_TEXT, 'fragment1', false), frame(OP_CONT, 'fragment2', false), frame(OP_PING, 'pongme 1!'),
            frame(OP_CONT, 'fragment3', false), frame(OP_CONT, 'fragment4', false), frame(OP_PING, 'pongme 2!'),
            frame(OP_CONT, 'fragment5'),
        ];
        if ($waits) {
            $c->send(implode('', array_slice($parts, 0, 3)));
            $c->expectPong('pongme 1!');
            usleep(300000);
            $c->send(implode('', array_slice($parts, 3)));
        } else {
            $c->send(implode('', $parts));
            $c->expectPong('pongme 1!');
        }
        $c->expectPong('pongme 2!');
        $c->expectMessage(OP_TEXT, 'fragment1fragment2fragment3fragment4fragment5');
        $c->closeNormally($n);
    };
}
add('5.19', 'text in 5 fragments with 2 pings between, a pause in the middle', fivePartsWithPings(true));
add('5.20', 'text in 5 fragments with 2 pings between, all in one write', fivePartsWithPings(false));

// Beyond Autobahn.
add('5.21', 'binary message in 3 fragments', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_BINARY, "\x00\x01", false) . frame(OP_CONT, "\xfe\xff", false) . frame(OP_CONT, "\x80"));
    $c->expectMessage(OP_BINARY, "\x00\x01\xfe\xff\x80");
    $c->closeNormally($n);
});
add('5.22', 'binary fragment, then a text frame inside the fragmented message', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_BINARY, "\x00\x01", false) . frame(OP_TEXT, 'text inside'));
    $c->expectFailClose([1002]);
});
add('5.23', 'text fragment, then a binary frame (FIN=0) inside the fragmented message', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, 'fragment1', false) . frame(OP_BINARY, "\x00", false) . frame(OP_CONT, 'x'));
    $c->expectFailClose([1002]);
});
add('5.24', 'close frame between fragments: the unfinished message is not delivered', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, 'fragment1', false));
    usleep(100000);
    $c->closeNormally($n);   // fails if an echo of 'fragment1' comes back before the Close
});
add('5.25', 'empty fragments around a 1-byte fragment', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, '', false) . frame(OP_CONT, '', false) . frame(OP_CONT, 'x', false) . frame(OP_CONT, ''));
    $c->expectMessage(OP_TEXT, 'x');
    $c->closeNormally($n);
});
add('5.26', 'ping with FIN=0 between fragments of a text message', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, 'fragment1', false) . frame(OP_PING, 'ping', false) . frame(OP_CONT, 'fragment2'));
    $c->expectFailClose([1002]);
});
add('5.27', 'text message in 1000 fragments of 1 byte', function (Conn $c, Notes $n): void {
    $payload = str_repeat('abcdefghij', 100);
    $c->send(fragments(OP_TEXT, $payload, [1]));
    $c->expectMessage(OP_TEXT, $payload);
    $c->closeNormally($n);
});
add('5.28', 'binary fragment, ping, then close 1001 before the message ends', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_BINARY, 'part1', false) . frame(OP_PING, 'p'));
    $c->expectPong('p');
    $c->closeNormally($n, 1001, 'going');
});
