<?php
/*
 * Family 0: the opening handshake (RFC 6455 §4). Not an Autobahn family
 * (Autobahn does its handshake implicitly); numbered 0 so it runs first.
 */
declare(strict_types=1);

namespace Conformance;

/** Send a raw request; return [status line, headers, head] or fail. */
function rawHandshake(Conn $c, string $request, int $chop = 0): array
{
    $c->send($request, $chop, $chop > 0 ? 0.001 : 0.0);
    $head = $c->readHead();
    if ($head === null) {
        fail('an HTTP response', $c->eof ? 'TCP close without a response' : 'no response within the timeout');
    }
    $lines = explode("\r\n", $head);
    return [$lines[0], Conn::parseHeaders($lines), $head];
}

function request(array $headers, string $target = '/', string $method = 'GET'): string
{
    $r = "$method $target HTTP/1.1\r\n";
    foreach ($headers as $name => $value) {
        $r .= "$name: $value\r\n";
    }
    return $r . "\r\n";
}

function baseHeaders(): array
{
    return [
        'Host' => '127.0.0.1',
        'Upgrade' => 'websocket',
        'Connection' => 'Upgrade',
        'Sec-WebSocket-Key' => 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version' => '13',
    ];
}

/** A refused handshake: a 4xx status, no 101, and the server must not speak WebSocket. */
function expectRefused(Conn $c, string $request, string $why, ?int $exact = null): array
{
    [$status, $h] = rawHandshake($c, $request);
    if (!preg_match('#^HTTP/1\.[01] (\d{3})#', $status, $m)) {
        fail("an HTTP error status ($why)", preview($status, 80));
    }
    $code = (int) $m[1];
    if ($exact !== null ? $code !== $exact : ($code < 400 || $code > 499)) {
        fail(($exact !== null ? "HTTP $exact" : 'an HTTP 4xx status') . " ($why)", preview($status, 80));
    }
    return [$code, $h];
}

add('0.1', 'RFC 6455 §1.3 sample handshake, byte for byte', function (Conn $c, Notes $n): void {
    $request = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n"
        . "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";
    $expected = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";
    $c->send($request);
    $head = $c->readHead();
    if ($head === null) {
        fail('the 101 response', $c->eof ? 'TCP close' : 'no response within the timeout');
    }
    $got = $head . "\r\n\r\n";
    if ($got !== $expected) {
        fail(json_encode($expected), json_encode($got));
    }
    if ($c->buf !== '') {
        fail('nothing after the response head', strlen($c->buf) . ' more bytes');
    }
    // The connection is usable.
    $c->sendFrame(OP_TEXT, 'Hello');
    $c->expectMessage(OP_TEXT, 'Hello');
    $c->closeNormally($n);
}, 10, true);

add('0.2', 'handshake request sent in 1-byte chops, header names in odd case', function (Conn $c, Notes $n): void {
    $req = "GET /echo?x=1 HTTP/1.1\r\nhost: 127.0.0.1\r\nUPGRADE: WebSocket\r\nconnection: keep-alive, Upgrade\r\n"
        . "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n";
    [$status, $h] = rawHandshake($c, $req, 1);
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101', preview($status, 80));
    }
    if (($h['sec-websocket-accept'] ?? '') !== 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=') {
        fail('Sec-WebSocket-Accept s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', preview($h['sec-websocket-accept'] ?? '(none)'));
    }
    if (isset($h['sec-websocket-protocol'])) {
        fail('no Sec-WebSocket-Protocol when the client offered none (RFC 6455 §4.2.2)', preview($h['sec-websocket-protocol']));
    }
    $c->sendFrame(OP_TEXT, 'Hello');
    $c->expectMessage(OP_TEXT, 'Hello');
    $c->closeNormally($n);
}, 15, true);

add('0.3', 'only unknown subprotocols offered: no Sec-WebSocket-Protocol in the 101', function (Conn $c, Notes $n): void {
    $hd = baseHeaders() + ['Sec-WebSocket-Protocol' => 'superchat, v2.example'];
    [$status, $h] = rawHandshake($c, request($hd));
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101', preview($status, 80));
    }
    if (isset($h['sec-websocket-protocol'])) {
        fail('no Sec-WebSocket-Protocol (RFC 6455 §4.2.2: only one the client offered)', preview($h['sec-websocket-protocol']));
    }
    $c->closeNormally($n);
}, 10, true);

add('0.4', 'Sec-WebSocket-Version: 99 refused with 426 and Sec-WebSocket-Version: 13', function (Conn $c, Notes $n): void {
    $hd = ['Sec-WebSocket-Version' => '99'] + baseHeaders();
    [$code, $h] = expectRefused($c, request($hd), 'unsupported version, RFC 6455 §4.2.2');
    if (($h['sec-websocket-version'] ?? null) === null || !in_array('13', array_map('trim', explode(',', $h['sec-websocket-version'])), true)) {
        fail('a Sec-WebSocket-Version header listing 13 (RFC 6455 §4.4)', preview($h['sec-websocket-version'] ?? '(none)'));
    }
    if ($code !== 426) {
        $n->info("status $code (RFC 6455 §4.2.2 suggests 426 Upgrade Required)");
    }
}, 10, true);

add('0.5', 'missing Sec-WebSocket-Key refused with 400', function (Conn $c, Notes $n): void {
    $hd = baseHeaders();
    unset($hd['Sec-WebSocket-Key']);
    [$code] = expectRefused($c, request($hd), 'no key, RFC 6455 §4.2.1');
    if ($code !== 400) {
        $n->info("status $code (RFC 6455 §4.2.1 suggests 400)");
    }
}, 10, true);

add('0.6', 'Sec-WebSocket-Key that is not 16 bytes in base64 refused', function (Conn $c, Notes $n): void {
    $hd = ['Sec-WebSocket-Key' => 'c2hvcnQ='] + baseHeaders();
    expectRefused($c, request($hd), 'key must decode to 16 bytes, RFC 6455 §4.2.1 item 5');
}, 10, true);

add('0.7', 'POST instead of GET refused', function (Conn $c, Notes $n): void {
    expectRefused($c, request(baseHeaders(), '/', 'POST'), 'method must be GET, RFC 6455 §4.2.1 item 1');
}, 10, true);

add('0.8', 'missing Upgrade: websocket refused', function (Conn $c, Notes $n): void {
    $hd = baseHeaders();
    unset($hd['Upgrade']);
    expectRefused($c, request($hd), 'RFC 6455 §4.2.1 item 3');
}, 10, true);

add('0.9', 'permessage-deflate offered: declined, or accepted as offered', function (Conn $c, Notes $n): void {
    $hd = baseHeaders() + ['Sec-WebSocket-Extensions' => 'permessage-deflate; client_max_window_bits'];
    [$status, $h] = rawHandshake($c, request($hd));
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101 (an extension offer is no reason to refuse, RFC 6455 §9.1)', preview($status, 80));
    }
    if (isset($h['sec-websocket-extensions'])) {
        if (!str_starts_with(strtolower($h['sec-websocket-extensions']), 'permessage-deflate')) {
            fail('no Sec-WebSocket-Extensions, or one the client offered (RFC 6455 §9.1)', preview($h['sec-websocket-extensions']));
        }
        $n->info('permessage-deflate accepted: ' . $h['sec-websocket-extensions']);
        return;
    }
    // Declined: plain frames without RSV1 work as usual.
    $c->sendFrame(OP_TEXT, 'Hello');
    $c->expectMessage(OP_TEXT, 'Hello');
    $c->closeNormally($n);
}, 10, true);

add('0.10', 'unknown extension offered: no Sec-WebSocket-Extensions in the 101', function (Conn $c, Notes $n): void {
    $hd = baseHeaders() + ['Sec-WebSocket-Extensions' => 'x-unknown-extension; foo=1'];
    [$status, $h] = rawHandshake($c, request($hd));
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101', preview($status, 80));
    }
    if (isset($h['sec-websocket-extensions'])) {
        fail('no Sec-WebSocket-Extensions (RFC 6455 §9.1: only extensions the server supports)', preview($h['sec-websocket-extensions']));
    }
    $c->closeNormally($n);
}, 10, true);

add('0.11', 'Sec-WebSocket-Protocol repeated in two header lines (one logical list, RFC 6455 §11.3.4)', function (Conn $c, Notes $n): void {
    $req = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: superchat\r\n"
        . "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Version: 13\r\n\r\n";
    [$status, $h] = rawHandshake($c, $req);
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101', preview($status, 80));
    }
    if (($h['sec-websocket-protocol'] ?? null) !== 'chat') {
        fail('Sec-WebSocket-Protocol: chat', preview($h['sec-websocket-protocol'] ?? '(none)'));
    }
    $c->closeNormally($n);
}, 10, true);

add('0.12', 'HTTP/1.0 upgrade request refused (RFC 6455 §4.2.1 item 1: HTTP/1.1 or higher)', function (Conn $c, Notes $n): void {
    $req = str_replace('HTTP/1.1', 'HTTP/1.0', request(baseHeaders()));
    [$status] = rawHandshake($c, $req);
    if (!preg_match('#^HTTP/1\.[01] (\d{3})#', $status, $m) || (int) $m[1] < 400) {
        fail('an HTTP error status (4xx, or 505)', preview($status, 80));
    }
}, 10, true);

add('0.13', 'request head over max_header_size (8192 by default) refused with 431 (README)', function (Conn $c, Notes $n): void {
    $hd = baseHeaders() + ['X-Padding' => str_repeat('a', 9000)];
    [$code] = expectRefused($c, request($hd), 'README: max_header_size', 431);
}, 10, true);

add('0.14', 'a handshake left unfinished is closed after handshake_timeout (5000 ms by default, README)', function (Conn $c, Notes $n): void {
    $c->send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    $t0 = now();
    $head = $c->readHead(9.0);
    $took = now() - $t0;
    if ($head !== null) {
        fail('no response to an unfinished request, then TCP close', preview($head, 80));
    }
    if (!$c->eof) {
        fail('TCP close within 9 s', 'the connection still open');
    }
    if ($took < 3.0) {
        fail('the server to wait for the rest of the request (about 5 s)', sprintf('TCP close after %.1f s', $took));
    }
    $n->timing(sprintf('closed after %.1f s', $took));
}, 15, true);

add('0.15', 'missing Host header refused (RFC 6455 §4.2.1 item 2)', function (Conn $c, Notes $n): void {
    $hd = baseHeaders();
    unset($hd['Host']);
    expectRefused($c, request($hd), 'RFC 6455 §4.2.1 item 2');
}, 10, true);

add('0.16', 'missing Connection: Upgrade refused (RFC 6455 §4.2.1 item 4)', function (Conn $c, Notes $n): void {
    $hd = ['Connection' => 'keep-alive'] + baseHeaders();
    expectRefused($c, request($hd), 'RFC 6455 §4.2.1 item 4');
}, 10, true);

add('0.17', 'header values with odd whitespace and case: "Upgrade:websocket", "Connection: keep-alive,upgrade", padded key and protocols', function (Conn $c, Notes $n): void {
    $req = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade:websocket\r\nConnection: keep-alive,upgrade\r\n"
        . "Sec-WebSocket-Key:   dGhlIHNhbXBsZSBub25jZQ==  \r\nSec-WebSocket-Version:13\r\n"
        . "Sec-WebSocket-Protocol:superchat ,  chat\r\n\r\n";
    [$status, $h] = rawHandshake($c, $req);
    if (!str_starts_with($status, 'HTTP/1.1 101')) {
        fail('HTTP/1.1 101 (RFC 7230 §3.2: optional whitespace around field values; tokens are case-insensitive)', preview($status, 80));
    }
    if (($h['sec-websocket-accept'] ?? '') !== 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=') {
        fail('Sec-WebSocket-Accept s3pPLMBiTxaQ9kYGzzhZRbK+xOo= (the key without its padding spaces)', preview($h['sec-websocket-accept'] ?? '(none)'));
    }
    if (($h['sec-websocket-protocol'] ?? null) !== 'chat') {
        fail('Sec-WebSocket-Protocol: chat', preview($h['sec-websocket-protocol'] ?? '(none)'));
    }
    $c->closeNormally($n);
}, 10, true);
