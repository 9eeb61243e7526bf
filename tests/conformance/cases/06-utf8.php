<?php
/*
 * Family 6 (Autobahn "UTF-8 Handling"): text messages must be valid UTF-8
 * (RFC 6455 §5.6, §8.1); invalid ones fail the connection with 1007
 * (§7.4.1). Sections 6.5-6.23 follow Markus Kuhn's UTF-8 decoder stress test,
 * as Autobahn does, one message per sequence.
 *
 * Fail fast (6.3.2, 6.4.1-6.4.5): RFC 6455 §8.1 does not fix when the check
 * runs, but this project requires (src/core/ws_utf8.h) that the server closes
 * with 1007 as soon as the bytes received cannot be the start of valid UTF-8,
 * before the rest of the message arrives. A server that waits for the end
 * of the message FAILS these cases, and the message says so.
 */
declare(strict_types=1);

namespace Conformance;

/** Encode one code point (no validity check: used for noncharacters). */
function cp(int $c): string
{
    if ($c < 0x80) {
        return chr($c);
    }
    if ($c < 0x800) {
        return chr(0xC0 | ($c >> 6)) . chr(0x80 | ($c & 0x3F));
    }
    if ($c < 0x10000) {
        return chr(0xE0 | ($c >> 12)) . chr(0x80 | (($c >> 6) & 0x3F)) . chr(0x80 | ($c & 0x3F));
    }
    return chr(0xF0 | ($c >> 18)) . chr(0x80 | (($c >> 12) & 0x3F)) . chr(0x80 | (($c >> 6) & 0x3F)) . chr(0x80 | ($c & 0x3F));
}

const KOSME = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"; // κόσμε

function validText(string $payload, string $mode = 'frame'): callable
{
    return function (Conn $c, Notes $n) use ($payload, $mode): void {
        match ($mode) {
            'frame' => $c->sendFrame(OP_TEXT, $payload),
            'frag1' => $c->send(fragments(OP_TEXT, $payload, [1])),
            'chop' => $c->sendFrame(OP_TEXT, $payload, true, 0, 1, 0.0005),
        };
        $c->expectMessage(OP_TEXT, $payload);
        $c->closeNormally($n);
    };
}

function invalidText(string $payload, string $mode = 'frame'): callable
{
    return function (Conn $c, Notes $n) use ($payload, $mode): void {
        match ($mode) {
            'frame' => $c->sendFrame(OP_TEXT, $payload),
            'frag1' => $c->send(fragments(OP_TEXT, $payload, [1])),
        };
        $c->expectFailClose([1007]);
    };
}

/**
 * Fail fast: send $first (bytes of one or more frames, the message not yet
 * complete), expect close 1007 within $wait seconds; only if it does not
 * come, send $rest to tell the reader whether the server fails late or never.
 */
function failFast(string $first, string $rest, float $wait = 2.0): callable
{
    return function (Conn $c, Notes $n) use ($first, $rest, $wait): void {
        $c->send($first);
        $ev = $c->next($wait);
        if ($ev['t'] === 'timeout') {
            $c->send($rest);
            $late = $c->next();
            fail(sprintf('close 1007 within %.0f s, before the message ended (fail fast: a project requirement, src/core/ws_utf8.h; RFC 6455 §8.1 itself does not fix the moment)', $wait),
                'nothing until the rest of the message was sent, then ' . describe($late));
        }
        if ($ev['t'] !== 'close' || $ev['code'] !== 1007) {
            fail('close 1007 before the message ended (fail fast)', describe($ev));
        }
        $c->sendClose(1007);
        $c->expectTcpClose();
    };
}

// 6.1: empty text messages and empty fragments.
add('6.1.1', 'empty text message', validText(''));
add('6.1.2', 'text message of 3 empty fragments', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, '', false) . frame(OP_CONT, '', false) . frame(OP_CONT, ''));
    $c->expectMessage(OP_TEXT, '');
    $c->closeNormally($n);
});
add('6.1.3', 'text message: empty, "middle frame payload", empty fragments', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, '', false) . frame(OP_CONT, 'middle frame payload', false) . frame(OP_CONT, ''));
    $c->expectMessage(OP_TEXT, 'middle frame payload');
    $c->closeNormally($n);
});

// 6.2: valid UTF-8 split in every way.
$hello = 'Hello-µ@ßöäüàá-UTF-8!!';
add('6.2.1', 'valid UTF-8 in one frame', validText($hello));
add('6.2.2', 'valid UTF-8 in 2 fragments split at a code point boundary', function (Conn $c, Notes $n) use ($hello): void {
    $c->send(frame(OP_TEXT, 'Hello-µ@ßöä', false) . frame(OP_CONT, 'üàá-UTF-8!!'));
    $c->expectMessage(OP_TEXT, $hello);
    $c->closeNormally($n);
});
add('6.2.3', 'valid UTF-8 in 1-byte fragments (fragments end inside code points)', validText($hello, 'frag1'));
add('6.2.4', 'κόσμε x4 in 1-byte fragments', validText(str_repeat(KOSME, 4), 'frag1'));
add('6.2.5', '4-byte code points split 1|3, 2|2, 3|1 across fragments', function (Conn $c, Notes $n): void {
    $g = "\xf0\x9d\x84\x9e"; // U+1D11E
    foreach ([1, 2, 3] as $k) {
        $c->send(frame(OP_TEXT, 'a' . substr($g, 0, $k), false) . frame(OP_CONT, substr($g, $k) . 'b'));
        $c->expectMessage(OP_TEXT, "a{$g}b");
    }
    $c->closeNormally($n);
});
add('6.2.6', 'valid UTF-8 in one frame sent in 1-byte chops', validText(str_repeat(KOSME, 4) . $hello, 'chop'));

// 6.3: invalid UTF-8 (a surrogate) whole and in 1-byte fragments.
$bad = KOSME . "\xed\xa0\x80" . 'edited';
add('6.3.1', 'invalid UTF-8 (U+D800 surrogate) in one frame', invalidText($bad));
add('6.3.2', 'invalid UTF-8 (U+D800 surrogate) in 1-byte fragments, the rest held back', function (Conn $c, Notes $n) use ($bad): void {
    // The fragments up to and including the byte that makes the stream invalid (\xa0).
    $cut = strlen(KOSME) + 2;
    $first = '';
    for ($i = 0; $i < $cut; $i++) {
        $first .= frame($i === 0 ? OP_TEXT : OP_CONT, $bad[$i], false);
    }
    $rest = '';
    for ($i = $cut; $i < strlen($bad); $i++) {
        $rest .= frame(OP_CONT, $bad[$i], $i === strlen($bad) - 1);
    }
    (failFast($first, $rest))($c, $n);
});

// 6.4: fail fast across fragments (6.4.1, 6.4.2) and inside one frame (6.4.3, 6.4.4).
add('6.4.1', 'fail fast: fragment 2 of 3 is U+110000 (out of range); fragment 3 held back', failFast(
    frame(OP_TEXT, KOSME, false) . frame(OP_CONT, "\xf4\x90\x80\x80", false),
    frame(OP_CONT, 'edited')
));
add('6.4.2', 'fail fast: \xf4 ends fragment 1, \x90 (fragment 2) makes it invalid; fragment 3 held back', failFast(
    frame(OP_TEXT, KOSME . "\xf4", false) . frame(OP_CONT, "\x90", false),
    frame(OP_CONT, "\x80\x80edited")
));
$one = frame(OP_TEXT, KOSME . "\xf4\x90\x80\x80" . 'edited');
$upto = 2 + 4 + strlen(KOSME) + 4; // header, mask, κόσμε, the 4 bad bytes
add('6.4.3', 'fail fast inside one frame: the frame\'s bytes up to U+110000 sent, the rest held back', failFast(substr($one, 0, $upto), substr($one, $upto)));
$upto = 2 + 4 + strlen(KOSME) + 2; // ... \xf4\x90 is already impossible
add('6.4.4', 'fail fast inside one frame: bytes up to \xf4\x90 sent, the rest held back', failFast(substr($one, 0, $upto), substr($one, $upto)));
add('6.4.5', 'fail fast: first fragment (FIN=0) starts with a stray continuation byte, message never finished', failFast(
    frame(OP_TEXT, "\x80abc", false),
    frame(OP_CONT, 'def')
));
add('6.4.6', 'message ends inside a code point: final fragment is \xce', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, KOSME, false) . frame(OP_CONT, "\xce"));
    $c->expectFailClose([1007]);
});
add('6.4.7', 'invalid UTF-8 in the second of two text messages: the first is echoed', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, KOSME) . frame(OP_TEXT, "\xc0\xaf"));
    $c->expectMessage(OP_TEXT, KOSME);
    $c->expectFailClose([1007]);
});
add('6.4.8', 'binary messages are not UTF-8 checked', function (Conn $c, Notes $n): void {
    $c->sendFrame(OP_BINARY, "\xed\xa0\x80\xff\xfe\xc0\xaf");
    $c->expectMessage(OP_BINARY, "\xed\xa0\x80\xff\xfe\xc0\xaf");
    $c->closeNormally($n);
});

/** Register one section of sequences: $valid true means echo, false means close 1007. */
function utf8Section(string $section, string $what, array $seqs, bool $valid): void
{
    $k = 1;
    foreach ($seqs as $seq) {
        add("$section." . $k++, sprintf('%s: %s %s', $what, $valid ? 'valid' : 'invalid', bin2hex($seq) === '' ? '(empty)' : bin2hex($seq)),
            $valid ? validText($seq) : invalidText($seq));
    }
}

// 6.5: κόσμε.
utf8Section('6.5', 'κόσμε', [KOSME, str_repeat(KOSME, 10)], true);

// 6.6: every prefix of κόσμε; valid only at code point boundaries.
$k = 1;
foreach (range(1, strlen(KOSME)) as $len) {
    $p = substr(KOSME, 0, $len);
    $ok = in_array($len, [2, 5, 7, 9, 11], true);
    add('6.6.' . $k++, sprintf('prefix of κόσμε of %d bytes: %s %s', $len, $ok ? 'valid' : 'invalid', bin2hex($p)), $ok ? validText($p) : invalidText($p));
}

utf8Section('6.7', 'first possible sequence of 1-4 bytes', ["\x00", "\xc2\x80", "\xe0\xa0\x80", "\xf0\x90\x80\x80"], true);
utf8Section('6.8', 'first possible sequence of 5-6 bytes', ["\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80"], false);
utf8Section('6.9', 'last possible sequence of 1-4 bytes', ["\x7f", "\xdf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"], true);
utf8Section('6.10', 'last possible sequence of 4-6 bytes', ["\xf7\xbf\xbf\xbf", "\xfb\xbf\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf\xbf"], false);
utf8Section('6.11', 'boundary', ["\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"], true);
add('6.11.5', 'boundary: invalid f4908080 (U+110000)', invalidText("\xf4\x90\x80\x80"));

$conts = '';
for ($b = 0x80; $b <= 0xbf; $b++) {
    $conts .= chr($b);
}
utf8Section('6.12', 'unexpected continuation bytes', ["\x80", "\xbf", "\x80\xbf", "\x80\xbf\x80", "\x80\xbf\x80\xbf", "\x80\xbf\x80\xbf\x80", "\x80\xbf\x80\xbf\x80\xbf", $conts], false);

$lonely = function (int $from, int $to): string {
    $s = '';
    for ($b = $from; $b <= $to; $b++) {
        $s .= chr($b) . ' ';
    }
    return $s;
};
utf8Section('6.13', 'lonely start bytes each followed by a space', [$lonely(0xc0, 0xdf), $lonely(0xe0, 0xef), $lonely(0xf0, 0xf7), $lonely(0xf8, 0xfb), $lonely(0xfc, 0xfd)], false);

$missing = ["\xc0", "\xe0\x80", "\xf0\x80\x80", "\xf8\x80\x80\x80", "\xfc\x80\x80\x80\x80",
    "\xdf", "\xef\xbf", "\xf7\xbf\xbf", "\xfb\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf",
    "\xc2", "\xe0\xa0", "\xf0\x90\x80", 'abc' . "\xe2\x82"];
utf8Section('6.14', 'last continuation byte missing', $missing, false);
utf8Section('6.15', 'concatenation of incomplete sequences', [implode('', array_slice($missing, 0, 10))], false);
utf8Section('6.16', 'impossible bytes', ["\xfe", "\xff", "\xfe\xfe\xff\xff"], false);
utf8Section('6.17', 'overlong "/"', ["\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xf8\x80\x80\x80\xaf", "\xfc\x80\x80\x80\x80\xaf"], false);
utf8Section('6.18', 'maximum overlong', ["\xc1\xbf", "\xe0\x9f\xbf", "\xf0\x8f\xbf\xbf", "\xf8\x87\xbf\xbf\xbf", "\xfc\x83\xbf\xbf\xbf\xbf"], false);
utf8Section('6.19', 'overlong NUL', ["\xc0\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80", "\xf8\x80\x80\x80\x80", "\xfc\x80\x80\x80\x80\x80"], false);
utf8Section('6.20', 'single UTF-16 surrogate', ["\xed\xa0\x80", "\xed\xad\xbf", "\xed\xae\x80", "\xed\xaf\xbf", "\xed\xb0\x80", "\xed\xbe\x80", "\xed\xbf\xbf"], false);
utf8Section('6.21', 'paired UTF-16 surrogates', ["\xed\xa0\x80\xed\xb0\x80", "\xed\xa0\x80\xed\xbf\xbf", "\xed\xad\xbf\xed\xb0\x80", "\xed\xad\xbf\xed\xbf\xbf",
    "\xed\xae\x80\xed\xb0\x80", "\xed\xae\x80\xed\xbf\xbf", "\xed\xaf\xbf\xed\xb0\x80", "\xed\xaf\xbf\xed\xbf\xbf"], false);

$nonchars = [];
for ($plane = 0; $plane <= 0x10; $plane++) {
    $nonchars[] = cp($plane * 0x10000 + 0xFFFE) . cp($plane * 0x10000 + 0xFFFF);
}
$fdd = '';
for ($c = 0xFDD0; $c <= 0xFDEF; $c++) {
    $fdd .= cp($c);
}
$nonchars[] = $fdd;
utf8Section('6.22', 'noncharacters (valid UTF-8)', $nonchars, true);
utf8Section('6.23', 'other valid', ["\xef\xbb\xbf" . 'BOM', "\xef\xbf\xbd", "a\x00b", "\xe2\x80\x8b", "\xf0\x9d\x84\x9e"], true);
add('6.23.6', 'other invalid: f5808080 (lead byte over U+10FFFF)', invalidText("\xf5\x80\x80\x80"));

// Beyond Autobahn: the UTF-8 state of a text message must survive control
// frames between its fragments, and must not leak into them.
add('6.2.7', 'a ping between two fragments that split a 4-byte code point', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, "a\xf0\x9d", false) . frame(OP_PING, 'between') . frame(OP_CONT, "\x84\x9eb"));
    $c->expectPong('between');
    $c->expectMessage(OP_TEXT, "a\xf0\x9d\x84\x9eb");
    $c->closeNormally($n);
});
add('6.2.8', 'a ping whose payload is not UTF-8 between fragments that split a code point', function (Conn $c, Notes $n): void {
    $c->send(frame(OP_TEXT, "a\xce", false) . frame(OP_PING, "\xba\xff") . frame(OP_CONT, "\xbab"));
    $c->expectPong("\xba\xff");
    $c->expectMessage(OP_TEXT, "a\xce\xbab");
    $c->closeNormally($n);
});
