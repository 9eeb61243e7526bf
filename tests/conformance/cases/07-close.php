<?php
/*
 * Family 7 (Autobahn "Close Handling"), RFC 6455 §5.5.1, §7: the server
 * answers a Close with a Close (typically echoing the code) and then closes
 * TCP; nothing after a Close is processed; a Close payload is empty or a
 * 2-byte code plus a UTF-8 reason (at most 125 bytes in all); codes that are
 * not valid to send (§7.4.1, §7.4.2) fail the connection with 1002; an
 * invalid UTF-8 reason fails it with 1007.
 */
declare(strict_types=1);

namespace Conformance;

/** Send Close 1000 followed by $after in one write: only the Close reply, then TCP close. */
function closeThenIgnored(string $before, string $after): callable
{
    return function (Conn $c, Notes $n) use ($before, $after): void {
        $c->send($before . frame(OP_CLOSE, closePayload(1000)) . $after);
        $ev = $c->next();
        if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
            fail('close 1000 and nothing for the frames after our Close', describe($ev));
        }
        $c->expectTcpClose();
    };
}

add('7.1.1', 'text message, then clean close', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_TEXT, 'Hello World!');
    $c->expectMessage(OP_TEXT, 'Hello World!');
    $c->closeNormally($n);
});
add('7.1.2', 'two Close frames: the second is ignored', closeThenIgnored('', frame(OP_CLOSE, closePayload(1000))));
add('7.1.3', 'Close, then ping: no pong', closeThenIgnored('', frame(OP_PING, 'Hello World!')));
add('7.1.4', 'Close, then text message: no echo (data after Close is ignored)', closeThenIgnored('', frame(OP_TEXT, 'Hello World!')));
add('7.1.5', 'first fragment, Close, then last fragment: no echo', closeThenIgnored(frame(OP_TEXT, 'fragment1', false), frame(OP_CONT, 'fragment2')));
add('7.1.6', '256 KiB text message, then Close, then ping', function (Conn $c, Notes $n): void {
    $big = str_repeat('BAsd7&jh23', 26215) . 'AAAAAA';
    $c->send(frame(OP_TEXT, $big) . frame(OP_CLOSE, closePayload(1000)) . frame(OP_PING, 'Hello World!'));
    $ev = $c->next();
    if ($ev['t'] === 'msg') {
        if ($ev['op'] !== OP_TEXT || $ev['data'] !== $big) {
            fail('the echo of the 256 KiB message or close 1000', describe($ev));
        }
        $n->info('the echo of the message sent before the Close came before the Close reply');
        $ev = $c->next();
    } else {
        $n->info('no echo of the message sent before the Close');
    }
    if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
        fail('close 1000 (and no pong)', describe($ev));
    }
    $c->expectTcpClose();
});

add('7.3.1', 'Close with an empty payload', function (Conn $c, Notes $n): void {
    $c->closeNormally($n, null);
});
add('7.3.2', 'Close with a 1-byte payload', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_CLOSE, 'a');
    $c->expectFailClose([1002]);
});
add('7.3.3', 'Close 1000 without reason', function (Conn $c, Notes $n): void {
    $c->closeNormally($n, 1000);
});
add('7.3.4', 'Close 1000 with reason "Hello World!"', function (Conn $c, Notes $n): void {
    $c->closeNormally($n, 1000, 'Hello World!');
});
add('7.3.5', 'Close 1000 with a 123-byte reason (125-byte payload)', function (Conn $c, Notes $n): void {
    $c->closeNormally($n, 1000, str_repeat('*', 123));
});
add('7.3.6', 'Close 1000 with a 124-byte reason (126-byte payload)', function (Conn $c, Notes $n): void {
    $c->sendClose(1000, str_repeat('*', 124));
    $c->expectFailClose([1002]);
});
add('7.3.7', 'Close 1000 with a 123-byte UTF-8 reason of multi-byte characters', function (Conn $c, Notes $n): void {
    $reason = str_repeat('ü', 61) . '*';  // 123 bytes
    $c->closeNormally($n, 1000, $reason);
});

add('7.5.1', 'Close 1000 with an invalid UTF-8 reason', function (Conn $c, Notes $n): void {
    $c->sendClose(1000, KOSME . "\xed\xa0\x80" . 'edited');
    $c->expectFailClose([1007]);
});
add('7.5.2', 'Close 1000 with a reason cut inside a code point', function (Conn $c, Notes $n): void {
    $c->sendClose(1000, 'abc' . "\xce");
    $c->expectFailClose([1007]);
});

// 7.7: every code a client may send is accepted and (typically) echoed.
$k = 1;
foreach ([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as $code) {
    add('7.7.' . $k++, "Close with valid code $code", function (Conn $c, Notes $n) use ($code): void {
        $c->sendClose($code);
        $ev = $c->next();
        if ($ev['t'] !== 'close' || $ev['code'] === null) {
            fail("close $code", describe($ev));
        }
        if ($ev['code'] !== $code) {
            if (in_array($ev['code'], [1002, 1007], true)) {
                fail("close $code (the code is valid, RFC 6455 §7.4)", describe($ev));
            }
            $n->nonStrict(sprintf('answered close %d with %s (RFC 6455 §5.5.1: the reply "typically echos the status code it received")', $code, describe($ev)));
        }
        $c->expectTcpClose();
    });
}

// 7.9: codes that must not appear in a Close frame: 1002.
$k = 1;
foreach ([0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as $code) {
    add('7.9.' . $k++, "Close with invalid code $code", function (Conn $c, Notes $n) use ($code): void {
        $c->sendClose($code);
        $c->expectFailClose([1002]);
    });
}

add('7.3.8', 'Close 1000 with reason, sent in 1-byte chops', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_CLOSE, closePayload(1000, 'chopped close')), 1, 0.001);
    $ev = $c->next();
    if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
        fail('close 1000', describe($ev));
    }
    $c->expectTcpClose();
});

add('7.1.7', '16 MiB binary message, then Close, nothing read meanwhile: the echo (if any) is whole, then close 1000', function (Conn $c, Notes $n): void {
    $big = pseudoRandomBytes(16 << 20, 13);
    $c->send(frame(OP_BINARY, $big) . frame(OP_CLOSE, closePayload(1000)));
    $ev = $c->next(60.0);
    if ($ev['t'] === 'msg') {
        if ($ev['op'] !== OP_BINARY || $ev['data'] !== $big) {
            fail('the whole 16 MiB echo or close 1000', describe($ev));
        }
        $n->info('the echo of the message sent before the Close came before the Close reply');
        $ev = $c->next(60.0);
    } else {
        $n->info('no echo of the message sent before the Close');
    }
    if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
        fail('close 1000', describe($ev));
    }
    $c->expectTcpClose();
}, 120);

add('7.5.3', 'Close with a valid reason while a text message is split inside a code point', function (Conn $c, Notes $n): void {
    // The reason is checked on its own: the unfinished message's UTF-8 state is not involved.
    $c->send(frame(OP_TEXT, "a\xf0\x9d", false) . frame(OP_CLOSE, closePayload(1000, 'ok')));
    $ev = $c->next();
    if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
        fail('close 1000', describe($ev));
    }
    $c->expectTcpClose();
});

add('7.1.8', 'Close, then the client half-closes TCP (FIN): the Close reply still comes, then TCP close', function (Conn $c, Notes $n): void {
    $c->sendClose(1000, 'half-close');
    stream_socket_shutdown($c->sock, STREAM_SHUT_WR);
    $ev = $c->next();
    if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
        fail('close 1000', describe($ev));
    }
    $c->expectTcpClose();
});

add('7.1.9', 'a message, then TCP half-close (FIN) without a Close frame: the server closes TCP too', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_TEXT, 'then FIN');
    stream_socket_shutdown($c->sock, STREAM_SHUT_WR);
    $ev = $c->next();
    if ($ev['t'] === 'msg') {
        if ($ev['data'] !== 'then FIN') {
            fail('the echo or the TCP close', describe($ev));
        }
        $n->info('the message before the FIN was echoed');
        $ev = $c->next();
    }
    if ($ev['t'] === 'close') {
        // Allowed: a server may fail the connection with a Close frame (RFC 6455 §7.1.7).
        $n->info('server sent ' . describe($ev) . ' after the FIN');
        $ev = $c->next();
    }
    if ($ev['t'] !== 'eof') {
        fail('the server to close TCP after the client\'s FIN (the connection is gone, RFC 6455 §7.1.5: 1006)', describe($ev));
    }
});
