<?php
/*
 * Family 9 (Autobahn "Limits/Performance"): large messages (9.1 text, 9.2
 * binary, up to 16 MiB), large messages in many fragments (9.3, 9.4), large
 * messages in small TCP chops (9.5, 9.6), and 1000s of small messages round
 * trip (9.7, 9.8); 9.9 pipelines 10000 messages. Each case prints the time
 * it took. Payloads are made when the case runs.
 */
declare(strict_types=1);

namespace Conformance;

function sizeName(int $n): string
{
    return $n >= 1 << 20 ? ($n >> 20) . ' MiB' : ($n >= 1024 ? ($n >> 10) . ' KiB' : "$n bytes");
}

function bigPayload(int $op, int $size): string
{
    return $op === OP_TEXT ? utf8Payload($size) : pseudoRandomBytes($size, $size);
}

$bigSizes = [1 => 64 << 10, 2 => 256 << 10, 3 => 1 << 20, 4 => 4 << 20, 5 => 8 << 20, 6 => 16 << 20];
$fragSizes = [1 => 64, 2 => 256, 3 => 1 << 10, 4 => 4 << 10, 5 => 16 << 10, 6 => 64 << 10, 7 => 256 << 10, 8 => 1 << 20, 9 => 4 << 20];
$chopSizes = [1 => 64, 2 => 128, 3 => 256, 4 => 512, 5 => 1024, 6 => 2048];
$smallSizes = [1 => 0, 2 => 16, 3 => 64, 4 => 256, 5 => 1024, 6 => 4096];

foreach ([OP_TEXT, OP_BINARY] as $op) {
    $type = opName($op);
    $s = $op === OP_TEXT ? 1 : 2;
    foreach ($bigSizes as $k => $size) {
        add("9.$s.$k", "$type message of " . sizeName($size), function (Conn $c, Notes $n) use ($op, $size): void {
            $payload = bigPayload($op, $size);
            $t0 = now();
            $c->sendFrame($op, $payload);
            $c->expectMessage($op, $payload, 60.0);
            $n->timing(sprintf('%s: %.1f ms', sizeName($size), (now() - $t0) * 1000));
            $c->closeNormally($n);
        }, 120);
    }

    $s = $op === OP_TEXT ? 3 : 4;
    foreach ($fragSizes as $k => $frag) {
        add("9.$s.$k", "$type message of 4 MiB in fragments of " . sizeName($frag), function (Conn $c, Notes $n) use ($op, $frag): void {
            $payload = bigPayload($op, 4 << 20);
            $bytes = fragments($op, $payload, [$frag]);
            $t0 = now();
            $c->send($bytes);
            $c->expectMessage($op, $payload, 60.0);
            $n->timing(sprintf('%d frames: %.1f ms', intdiv(4 << 20, $frag), (now() - $t0) * 1000));
            $c->closeNormally($n);
        }, 120);
    }

    $s = $op === OP_TEXT ? 5 : 6;
    foreach ($chopSizes as $k => $chop) {
        add("9.$s.$k", "$type message of 1 MiB sent in TCP chops of $chop bytes", function (Conn $c, Notes $n) use ($op, $chop): void {
            $payload = bigPayload($op, 1 << 20);
            $t0 = now();
            $c->sendFrame($op, $payload, true, 0, $chop);
            $c->expectMessage($op, $payload, 60.0);
            $n->timing(sprintf('%d chops: %.1f ms', intdiv(1 << 20, $chop), (now() - $t0) * 1000));
            $c->closeNormally($n);
        }, 120);
    }

    $s = $op === OP_TEXT ? 7 : 8;
    foreach ($smallSizes as $k => $size) {
        add("9.$s.$k", "1000 $type messages of $size bytes, one round trip each", function (Conn $c, Notes $n) use ($op, $size): void {
            $t0 = now();
            for ($i = 0; $i < 1000; $i++) {
                $payload = substr(str_pad((string) $i, $size, $op === OP_TEXT ? '*' : "\xfe"), 0, $size);
                $c->sendFrame($op, $payload);
                $c->expectMessage($op, $payload);
            }
            $ms = (now() - $t0) * 1000;
            $n->timing(sprintf('1000 round trips: %.1f ms, %.3f ms each', $ms, $ms / 1000));
            $c->closeNormally($n);
        }, 120);
    }
}

add('9.9.1', '10000 text messages of 16 bytes pipelined, echoed in order', function (Conn $c, Notes $n): void {
    $count = 10000;
    $bytes = '';
    for ($i = 0; $i < $count; $i++) {
        $bytes .= frame(OP_TEXT, sprintf('msg-%011d', $i));
    }
    $t0 = now();
    $c->send($bytes);
    for ($i = 0; $i < $count; $i++) {
        $c->expectMessage(OP_TEXT, sprintf('msg-%011d', $i));
    }
    $ms = (now() - $t0) * 1000;
    $n->timing(sprintf('%d messages: %.1f ms, %.0f messages/s', $count, $ms, $count / ($ms / 1000)));
    $c->closeNormally($n);
}, 120);

add('9.9.2', '2000 binary messages of 1 KiB pipelined, echoed in order', function (Conn $c, Notes $n): void {
    $count = 2000;
    $bytes = '';
    $payloads = [];
    for ($i = 0; $i < $count; $i++) {
        $payloads[$i] = pseudoRandomBytes(1024, $i + 1);
        $bytes .= frame(OP_BINARY, $payloads[$i]);
    }
    $t0 = now();
    $c->send($bytes);
    for ($i = 0; $i < $count; $i++) {
        $c->expectMessage(OP_BINARY, $payloads[$i]);
    }
    $ms = (now() - $t0) * 1000;
    $n->timing(sprintf('%d messages: %.1f ms', $count, $ms));
    $c->closeNormally($n);
}, 120);

add('9.10.1', '50 connections at once: each echoes its own messages, then closes cleanly', function (Conn $c, Notes $n): void {
    $conns = [$c];
    for ($i = 1; $i < 50; $i++) {
        $conns[] = Conn::open($c->host, $c->port, $c->timeout, $c->deadline);
    }
    $t0 = now();
    for ($round = 0; $round < 20; $round++) {
        foreach ($conns as $i => $k) {
            $k->sendFrame($round % 2 ? OP_BINARY : OP_TEXT, "conn $i round $round");
        }
        foreach ($conns as $i => $k) {
            $k->expectMessage($round % 2 ? OP_BINARY : OP_TEXT, "conn $i round $round");
        }
    }
    $n->timing(sprintf('50 x 20 messages: %.1f ms', (now() - $t0) * 1000));
    foreach ($conns as $k) {
        $k->sendClose(1000);
    }
    foreach ($conns as $k) {
        $ev = $k->next();
        if ($ev['t'] !== 'close' || $ev['code'] !== 1000) {
            fail('close 1000 on every connection', describe($ev));
        }
        $k->expectTcpClose();
    }
    foreach (array_slice($conns, 1) as $k) {
        $k->close();
    }
}, 60);

add('9.10.2', 'a connection closed by the client without a closing handshake does not disturb another', function (Conn $c, Notes $n): void {
    $other = Conn::open($c->host, $c->port, $c->timeout, $c->deadline);
    $other->send(frame(OP_TEXT, 'half a message', false) . substr(frame(OP_CONT, str_repeat('x', 1000)), 0, 500));
    $other->close();   // TCP gone in the middle of a frame
    usleep(100000);
    $c->sendFrame(OP_TEXT, 'still here');
    $c->expectMessage(OP_TEXT, 'still here');
    $c->closeNormally($n);
}, 30);

// README: max_message_size; "a frame declaring more is refused before any allocation: close 1009".
add('9.11.1', 'a frame declaring 1 TiB: close 1009 at once, before any payload', function (Conn $c, Notes $n): void {
    $c->send(chr(0x82) . chr(0x80 | 127) . pack('J', 1 << 40) . random_bytes(4));
    $c->expectFailClose([1009]);
});
add('9.11.2', 'a fragmented message whose second fragment declares 1 TiB: close 1009', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, str_repeat('a', 1 << 20), false) . chr(0x80) . chr(0x80 | 127) . pack('J', 1 << 40) . random_bytes(4));
    $c->expectFailClose([1009]);
});

add('9.12.1', '1000 connections one after another: handshake, echo, close', function (Conn $c, Notes $n): void {
    $t0 = now();
    $c->sendFrame(OP_TEXT, 'first');
    $c->expectMessage(OP_TEXT, 'first');
    $c->closeNormally($n);
    for ($i = 1; $i < 1000; $i++) {
        $k = Conn::open($c->host, $c->port, $c->timeout, $c->deadline);
        $k->sendFrame(OP_TEXT, "connection $i");
        $k->expectMessage(OP_TEXT, "connection $i");
        $k->closeNormally($n);
        $k->close();
    }
    $n->timing(sprintf('1000 connections: %.1f ms', (now() - $t0) * 1000));
}, 60);

add('9.12.2', 'a client that does not read while sending 100 x 1 MiB: echoes intact and in order, then all of them or close 1008 (README max_buffered)', function (Conn $c, Notes $n): void {
    $msg = pseudoRandomBytes(1 << 20, 17);
    $f = frame(OP_BINARY, $msg);
    $c->readWhileWriting = false;
    $sent = 0;
    for (; $sent < 100; $sent++) {
        if (!$c->send($f)) {
            break;   // the server stopped reading (TCP backpressure) or closed: both are fine here
        }
    }
    $got = 0;
    for ($i = 0; $i < 100; $i++) {
        $ev = $c->next(10.0);
        if ($ev['t'] !== 'msg') {
            break;
        }
        if ($ev['op'] !== OP_BINARY || $ev['data'] !== $msg) {
            fail("echo $got intact", describe($ev));
        }
        $got++;
    }
    if ($got === 100) {
        $n->info("sent $sent, all 100 echoed");
        $c->closeNormally($n);
        return;
    }
    if ($sent < 100 && $got === $sent && $ev['t'] === 'timeout') {
        // The server stopped reading while its queue was full: TCP backpressure, also fine.
        $n->info("the server stopped reading after $sent messages (TCP backpressure); all $got echoed");
        return;
    }
    if ($ev['t'] !== 'close' || $ev['code'] !== 1008) {
        fail('the remaining echoes or close 1008 (README: max_buffered, buffer_full_policy close)', describe($ev) . " after $got echoes");
    }
    $n->info("sent $sent, $got echoed, then close 1008");
    $c->sendClose(1008);
    $c->expectTcpClose();
}, 90);

add('9.10.3', 'a client resets TCP while the server writes an 8 MiB echo: the server lives on (no SIGPIPE death)', function (Conn $c, Notes $n): void {
    $big = pseudoRandomBytes(8 << 20, 21);
    for ($round = 0; $round < 3; $round++) {
        $k = Conn::open($c->host, $c->port, $c->timeout, $c->deadline);
        $k->readWhileWriting = false;
        $k->send(frame(OP_BINARY, $big));
        $k->fill(now() + 5.0);   // the echo has started to arrive
        $k->close();             // unread data in the receive buffer: the kernel sends RST
        usleep(200000);
    }
    $c->sendFrame(OP_TEXT, 'still alive?');
    $c->expectMessage(OP_TEXT, 'still alive?');
    $c->closeNormally($n);
}, 60);
