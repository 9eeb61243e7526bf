--TEST--
Connection::getHeaders(), getHeader(), getPath(), getQuery() answer exactly what an odd raw head says (mixed-case and duplicate names, extra blanks, a 3,000-byte cookie), in onOpen and on the stale handle after onClose
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

// The connection keeps its head packed (src/core/ws_head.c): the getters must see the bytes as they came.
$srv = wst_echo_server([], <<<'PHP'
$big = 'big=' . str_repeat('0123456789abcdef', 190);
$show = function (WebSocket\Connection $c, string $when) use ($big) {
    $h = $c->getHeaders();
    ksort($h);
    foreach ($h as $k => $v) {
        if ($k === 'cookie') {
            $v = var_export($v === "a=1; $big; z=", true) . ' (' . strlen($v) . ' bytes)';
        } else {
            $v = var_export($v, true);
        }
        echo "server: $when $k: $v\n";
    }
    echo "server: $when path ", var_export($c->getPath(), true), " query ", var_export($c->getQuery(), true), "\n";
    echo "server: $when getHeader('X-DUP') ", var_export($c->getHeader('X-DUP'), true),
        " getHeader('x-two-spaces') ", var_export($c->getHeader('x-two-spaces'), true),
        " getHeader('nope') ", var_export($c->getHeader('nope'), true), "\n";
    return [$h, $c->getPath(), $c->getQuery(), $c->getHeader('cookie')];
};
$seen = null;
$server->onOpen(function (WebSocket\Connection $c) use ($show, &$seen) {
    $seen = $show($c, 'open');
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server, $show, &$seen) {
    $server->after(50, function () use ($c, $server, $show, &$seen) {
        $stale = $show($c, 'stale');
        echo "server: stale equal to open: ", var_export($stale === $seen, true), "\n";
        $server->stop();
    });
});
PHP);

$big = 'big=' . str_repeat('0123456789abcdef', 190);
$head = "GET /odd/p%41th;x?a=1&b=%20&a=2 HTTP/1.1\r\n"
    . "host: 127.0.0.1\r\n"
    . "UPGRADE: websocket\r\n"
    . "Connection: keep-alive, Upgrade\r\n"
    . "Sec-WebSocket-Key: " . WST_DEFAULT_KEY . "\r\n"
    . "sec-websocket-version: 13\r\n"
    . "X-Two-Spaces:  two  spaces\r\n"
    . "X-Dup: first\r\n"
    . "x-dup: second\r\n"
    . "X-DUP:third\r\n"
    . "X-Tab:\ttabbed\r\n"
    . "Cookie: a=1\r\n"
    . "Cookie: $big\r\n"
    . "cookie: z=\r\n"
    . "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Odd/1.0 \xc3\xa9\r\n"
    . "X-Empty:\r\n"
    . "\r\n";
echo "client: head of ", strlen($head), " bytes\n";
$resp = wst_handshake_raw($srv['port'], $head, $ws);
echo '<- ', wst_status_line($resp), "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
client: head of 3416 bytes
<- HTTP/1.1 101 Switching Protocols
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open connection: 'keep-alive, Upgrade'
server: open cookie: true (3053 bytes)
server: open host: '127.0.0.1'
server: open sec-websocket-key: 'dGhlIHNhbXBsZSBub25jZQ=='
server: open sec-websocket-version: '13'
server: open upgrade: 'websocket'
server: open user-agent: 'Mozilla/5.0 (X11; Linux x86_64) Odd/1.0 é'
server: open x-dup: 'first, second, third'
server: open x-empty: ''
server: open x-tab: 'tabbed'
server: open x-two-spaces: 'two  spaces'
server: open path '/odd/p%41th;x' query 'a=1&b=%20&a=2'
server: open getHeader('X-DUP') 'first, second, third' getHeader('x-two-spaces') 'two  spaces' getHeader('nope') NULL
server: stale connection: 'keep-alive, Upgrade'
server: stale cookie: true (3053 bytes)
server: stale host: '127.0.0.1'
server: stale sec-websocket-key: 'dGhlIHNhbXBsZSBub25jZQ=='
server: stale sec-websocket-version: '13'
server: stale upgrade: 'websocket'
server: stale user-agent: 'Mozilla/5.0 (X11; Linux x86_64) Odd/1.0 é'
server: stale x-dup: 'first, second, third'
server: stale x-empty: ''
server: stale x-tab: 'tabbed'
server: stale x-two-spaces: 'two  spaces'
server: stale path '/odd/p%41th;x' query 'a=1&b=%20&a=2'
server: stale getHeader('X-DUP') 'first, second, third' getHeader('x-two-spaces') 'two  spaces' getHeader('nope') NULL
server: stale equal to open: true
server: run returned
