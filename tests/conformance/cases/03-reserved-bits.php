<?php
/*
 * Family 3 (Autobahn "Reserved Bits"). RFC 6455 §5.2: RSV1-3 MUST be 0 unless
 * an extension defines them (none is negotiated here). The server must close
 * with 1002 (§7.4.1) and must not process frames that come after the bad one
 * (no pong for the trailing ping).
 */
declare(strict_types=1);

namespace Conformance;

/**
 * Send frames 'all' in one write, 'frame' by frame with a pause, or 'octet'
 * in 1-byte chops.
 */
function sendFrames(Conn $c, array $frames, string $mode): void
{
    switch ($mode) {
        case 'all':
            $c->send(implode('', $frames));
            return;
        case 'frame':
            foreach ($frames as $f) {
                if (!$c->send($f)) {
                    return;
                }
                usleep(100000);
            }
            return;
        case 'octet':
            $c->send(implode('', $frames), 1, 0.0005);
            return;
    }
    throw new \LogicException("mode $mode");
}

/** A lone bad frame: close 1002. */
function badFrameCase(string $bad, string $mode = 'all'): callable
{
    return function (Conn $c, Notes $n) use ($bad, $mode): void {
        sendFrames($c, [$bad], $mode);
        $c->expectFailClose([1002]);
    };
}

/** Text message, bad frame, ping: the echo, then close 1002 and no pong. */
function badBetweenCase(string $bad, string $mode): callable
{
    return function (Conn $c, Notes $n) use ($bad, $mode): void {
        sendFrames($c, [frame(OP_TEXT, 'Hello, world!'), $bad, frame(OP_PING, 'Hello, world!')], $mode);
        $c->expectMessage(OP_TEXT, 'Hello, world!');
        $c->expectFailClose([1002]);
    };
}

add('3.1', 'text message with RSV=1 (RSV1; no extension negotiated)', badFrameCase(frame(OP_TEXT, 'Hello, world!', true, 1)));
add('3.2', 'text, then text with RSV=2, then ping', badBetweenCase(frame(OP_TEXT, 'Hello, world!', true, 2), 'all'));
add('3.3', 'text, then text with RSV=3, then ping; sent frame by frame', badBetweenCase(frame(OP_TEXT, 'Hello, world!', true, 3), 'frame'));
add('3.4', 'text, then text with RSV=4, then ping; sent in 1-byte chops', badBetweenCase(frame(OP_TEXT, 'Hello, world!', true, 4), 'octet'));
add('3.5', 'binary message with RSV=5', badFrameCase(frame(OP_BINARY, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff", true, 5)));
add('3.6', 'ping with RSV=6', badFrameCase(frame(OP_PING, 'Hello, world!', true, 6)));
add('3.7', 'close with RSV=7', badFrameCase(frame(OP_CLOSE, closePayload(1000), true, 7)));
// Beyond Autobahn: RSV1 on a continuation frame, and RSV2 on a pong.
add('3.8', 'fragmented text whose continuation frame has RSV=1', badFrameCase(frame(OP_TEXT, 'Hello, ', false) . frame(OP_CONT, 'world!', true, 1)));
add('3.9', 'pong with RSV=2', badFrameCase(frame(OP_PONG, 'x', true, 2)));
