<?php
/*
 * examples/chat/server.php: a chat room on ext-websocket.
 *
 * Run it from the repository root, after building (scripts/run-example.sh or scripts/test.sh):
 *
 *   php -d extension=$PWD/modules/websocket.so examples/chat/server.php 8081
 *
 * then open http://127.0.0.1:8081/ in two browser tabs (the server serves the
 * page itself, through onRequest, on its WebSocket port), join with two
 * nicknames and talk. The port defaults to 8081; port 0 picks a free one. The
 * page may also come from elsewhere, e.g. `php -S 127.0.0.1:8000 -t examples/chat`
 * and http://127.0.0.1:8000/?port=8081.
 *
 * Only pages from this server itself (same origin) or from the origins in
 * CHAT_ORIGINS (comma-separated; default http://127.0.0.1:8000 and
 * http://localhost:8000) may connect, checked in onHandshake: a browser sends its
 * cookies with a WebSocket handshake from any site, so a server that trusts
 * cookies must check Origin (cross-site WebSocket hijacking; SECURITY.md).
 * Other pages get 403 before any connection exists. Non-browser clients must
 * send a listed Origin too. The server prints "READY <port>" once it listens;
 * Ctrl-C or SIGTERM stops it cleanly (the extension handles both while run()
 * is active, no pcntl needed: every client gets close 1001, the script exits 0).
 *
 * WS_TLS_CERT and WS_TLS_KEY (PEM files) serve the page over https:// and the
 * chat over wss:// on the same port (the tls option).
 *
 * WS_WORKERS=N (2 or more) runs N worker processes behind a master on the one
 * port (the `workers` option; SIGHUP then replaces them one at a time, their
 * clients get close 1012 and reconnect). Messages, joins and leaves are
 * published to the topic "chat", so they reach the users of every worker;
 * the user list in the welcome event and the nick check are the worker's own
 * (the welcome event then says which worker: "worker": 0..N-1).
 * examples/supervisor/ and examples/systemd/ set WS_WORKERS.
 *
 * Protocol (JSON text messages):
 *   client -> server  {"type":"join","nick":"ann"}   first message (or ws://host:port/?nick=ann)
 *                     {"type":"message","text":"hi"}
 *   server -> client  {"type":"welcome","nick":"ann","users":["ann","bob"]}   (+ "worker":1 with WS_WORKERS)
 *                     {"type":"join","nick":"bob"}     {"type":"leave","nick":"bob"}
 *                     {"type":"message","nick":"ann","text":"hi","time":1700000000}
 *                     {"type":"error","error":"..."}
 */
declare(strict_types=1);

use WebSocket\Connection;
use WebSocket\Request;
use WebSocket\Response;
use WebSocket\Server;

if (!extension_loaded('websocket')) {
    fwrite(STDERR, "the websocket extension is not loaded: php -d extension=\$PWD/modules/websocket.so examples/chat/server.php\n");
    exit(1);
}

$port = (int) ($argv[1] ?? 8081);
$host = $argv[2] ?? '127.0.0.1';

$workers = getenv('WS_WORKERS');
if ($workers === false || $workers === '') {
    $workers = '1';
}
if (!preg_match('/^[1-9][0-9]*$/', $workers)) {
    fwrite(STDERR, "chat: WS_WORKERS must be a positive integer, got '$workers'\n");
    exit(2);
}

$origins = getenv('CHAT_ORIGINS');
$origins = array_map(
    static fn (string $o): string => strtolower(trim($o)),
    explode(',', is_string($origins) && $origins !== '' ? $origins : 'http://127.0.0.1:8000,http://localhost:8000'),
);
$tls = getenv('WS_TLS_CERT') ? ['cert' => getenv('WS_TLS_CERT')] + (getenv('WS_TLS_KEY') ? ['key' => getenv('WS_TLS_KEY')] : []) : null;
$server = new Server($host, $port, [
    'subprotocols' => ['chat'],
    'max_message_size' => 64 * 1024,
] + ((int) $workers > 1 ? ['workers' => (int) $workers] : []) + ($tls ? ['tls' => $tls] : []));

/* The page, from the WebSocket port itself. */
$server->onRequest(static function (Request $req, Response $res): void {
    if ($req->getPath() !== '/' && $req->getPath() !== '/index.html') {
        $res->setStatus(404)->end("not found\n");
        return;
    }
    $res->setHeader('Cache-Control', 'no-cache');
    $res->sendFile(__DIR__ . '/index.html');
});

/* The Origin check: this server's own pages (Origin matches Host) and the listed origins. */
$server->onHandshake(static function (Request $req, Response $res) use ($origins, $tls): bool {
    $origin = strtolower((string) $req->getHeader('origin'));
    $self = ($tls ? 'https://' : 'http://') . strtolower((string) $req->getHeader('host'));
    if ($origin !== $self && !in_array($origin, $origins, true)) {
        $res->setStatus(403)->end("origin not allowed\n");
        return false;
    }
    return true;
});

/** Sends a JSON event to one connection. */
$send = static fn (Connection $c, array $event): bool => $c->send(json_encode(
    $event, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR));

/** Case-insensitive key for a nick (mbstring is optional). */
$fold = static fn (string $s): string => function_exists('mb_strtolower') ? mb_strtolower($s, 'UTF-8') : strtolower($s);

/** Sends a JSON event to every joined user: the subscribers of the topic "chat", in every worker (and, with the
 * server's redis option, on every server). The frame is built once, whatever the number of users. */
$broadcast = static function (array $event, ?Connection $except = null) use ($server): void {
    $server->publish('chat', json_encode($event, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR), false, $except !== null ? [$except] : null);
};

/**
 * Returns the nick, cleaned, or an error text.
 *
 * @return array{string, null}|array{null, string}
 */
$checkNick = static function (mixed $nick) use ($server, $fold): array {
    if (!is_string($nick)) {
        return [null, 'nick must be a string'];
    }
    $nick = trim(preg_replace('/\s+/u', ' ', $nick) ?? '');
    if ($nick === '' || preg_match_all('/./us', $nick) > 24) {
        return [null, 'nick must be 1 to 24 characters'];
    }
    foreach ($server->getConnections() as $c) {
        if (is_string($c->data) && $fold($c->data) === $fold($nick)) {
            return [null, "nick \"$nick\" is taken"];
        }
    }
    return [$nick, null];
};

$join = static function (Connection $c, string $nick) use ($server, $send, $broadcast): void {
    $c->data = $nick;
    $c->subscribe('chat');
    $users = [];
    foreach ($server->getConnections() as $other) {
        if ($other->data !== null) {
            $users[] = $other->data;
        }
    }
    $welcome = ['type' => 'welcome', 'nick' => $nick, 'users' => $users];
    if ($server->getWorkerId() !== null) {
        $welcome['worker'] = $server->getWorkerId();   // this worker's room (see the top of this file)
    }
    $send($c, $welcome);
    $broadcast(['type' => 'join', 'nick' => $nick], $c);
};

$server->onOpen(static function (Connection $c) use ($checkNick, $join, $send): void {
    parse_str($c->getQuery(), $query);
    if (isset($query['nick'])) {
        [$nick, $error] = $checkNick($query['nick']);
        if ($nick === null) {
            $send($c, ['type' => 'error', 'error' => $error]);
            $c->close(WebSocket\CloseCode::PolicyViolation, 'bad nick');
            return;
        }
        $join($c, $nick);
    }
});

$server->onMessage(static function (Connection $c, string $data, bool $binary) use ($checkNick, $join, $send, $broadcast): void {
    $msg = $binary ? null : json_decode($data, true);
    if (!is_array($msg) || !isset($msg['type'])) {
        $send($c, ['type' => 'error', 'error' => 'send JSON: {"type":"join","nick":...} or {"type":"message","text":...}']);
        return;
    }
    if ($c->data === null) {
        if ($msg['type'] !== 'join') {
            $send($c, ['type' => 'error', 'error' => 'join first: {"type":"join","nick":"ann"}']);
            return;
        }
        [$nick, $error] = $checkNick($msg['nick'] ?? null);
        if ($nick === null) {
            $send($c, ['type' => 'error', 'error' => $error]);   // the client may try another nick
            return;
        }
        $join($c, $nick);
        return;
    }
    if ($msg['type'] !== 'message' || !is_string($msg['text'] ?? null) || trim($msg['text']) === '') {
        $send($c, ['type' => 'error', 'error' => 'send {"type":"message","text":"..."}']);
        return;
    }
    if (strlen($msg['text']) > 4000) {
        $send($c, ['type' => 'error', 'error' => 'message too long (4000 bytes at most)']);
        return;
    }
    $broadcast(['type' => 'message', 'nick' => $c->data, 'text' => $msg['text'], 'time' => time()]);
});

$server->onClose(static function (Connection $c, int $code, string $reason) use ($broadcast): void {
    if ($c->data !== null) {
        $nick = $c->data;
        $c->data = null;   // not counted as joined any more
        $broadcast(['type' => 'leave', 'nick' => $nick], $c);
    }
});

$server->onError(static function (?Connection $c, Throwable $e): void {
    fwrite(STDERR, 'chat: ' . ($c !== null ? "connection {$c->id}: " : '') . $e->getMessage() . "\n");
});

echo 'READY ' . $server->getPort() . "\n";
fwrite(STDERR, sprintf("chat: ws://%s:%d/%s  (page: php -S 127.0.0.1:8000 -t examples/chat, then http://127.0.0.1:8000/?port=%d)\n",
    $server->getHost(), $server->getPort(), (int) $workers > 1 ? " with $workers workers, one room each" : '', $server->getPort()));
$server->run();
