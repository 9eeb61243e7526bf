<?php

/** @generate-class-entries */

namespace WebSocket {
    /** Close codes of RFC 6455 section 7.4.1 that a server application uses. */
    enum CloseCode: int {
        case Normal = 1000;
        case GoingAway = 1001;
        case ProtocolError = 1002;
        case UnsupportedData = 1003;
        case NoStatus = 1005;
        case Abnormal = 1006;
        case InvalidPayload = 1007;
        case PolicyViolation = 1008;
        case MessageTooBig = 1009;
        case MandatoryExtension = 1010;
        case InternalError = 1011;
        case TryAgainLater = 1013;
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class Server implements \Countable, \IteratorAggregate {
        /**
         * Binds and listens at once on $host:$port (port 0: a free one, see getPort()). $host: an IPv4 or IPv6
         * address ("::1", "[::1]", "::" for dual stack), a name, or "unix:///path". $options (every key checked:
         * unknown ValueError, wrong type TypeError, out of range ValueError): path, subprotocols, origins,
         * max_message_size, max_header_size, max_connections, max_connections_per_ip, handshake_rate_per_ip,
         * max_messages_per_second, message_rate_policy, handshake_timeout, ping_interval, idle_timeout,
         * close_timeout, shutdown_timeout, high_watermark, max_buffered, buffer_full_policy, memory_budget, backlog,
         * reuse_port, socket_mode, trusted_proxies, health_path, metrics_path, metrics_allow, max_body_size,
         * workers, worker_max_messages, worker_max_memory, handle_signals, log_level, logger (the README's options
         * table says what each does). A bind or listen failure throws ServerException with errno as its code.
         */
        public function __construct(string $host, int $port, array $options = []) {}

        /** fn(Connection $connection): the handshake succeeded (onHandshake, if any, accepted it). */
        public function onOpen(?callable $callback): static {}

        /** fn(Connection $connection, string $data, bool $binary): one whole message (text is valid UTF-8). */
        public function onMessage(?callable $callback): static {}

        /**
         * fn(Connection $connection, int $code, string $reason): exactly once for every connection that got
         * onOpen: the peer's code, the server's (1001 stop, 1002, 1007, 1008, 1009, 1011, close()), or 1006.
         */
        public function onClose(?callable $callback): static {}

        /**
         * fn(?Connection $connection, \Throwable $error): an exception from another callback (its connection is
         * closed with 1011; a timer's or a hook's has no connection), or a BackpressureException or
         * RateLimitException for a message the "drop" policies dropped. Without it: printed on stderr.
         */
        public function onError(?callable $callback): static {}

        /** fn(Connection $connection): a send queue that went over high_watermark has been written out. */
        public function onDrain(?callable $callback): static {}

        /** fn(int $code): a graceful stop began (1001, or 1012 for a restart); the close frames follow. */
        public function onShutdown(?callable $callback): static {}

        /** fn(): SIGHUP, when the server runs without workers. */
        public function onReload(?callable $callback): static {}

        /**
         * fn(Request $request, Response $response): ?bool, for an upgrade request that passed the protocol checks
         * (path, origins, key), before any connection exists. Return false, or set a status other than 101, to
         * refuse it with that status (403 by default) and the headers and body set on $response; else the
         * upgrade goes ahead with $response's headers (Set-Cookie, ...) and subprotocol, and $request->data
         * becomes the Connection's $data. A hook that throws answers 500 (the exception goes to onError).
         */
        public function onHandshake(?callable $callback): static {}

        /**
         * fn(Request $request, Response $response): void for plain HTTP requests (no upgrade) on the same port,
         * with their body (Content-Length or chunked, at most max_body_size). The answer is $response's status
         * (200 by default), headers and body, with Connection: close. A callback that throws answers 500.
         * Without one, plain requests get 426.
         */
        public function onRequest(?callable $callback): static {}

        /** fn(int $workerId): in each worker, after the fork and before it serves. */
        public function onWorkerStart(?callable $callback): static {}

        /** fn(int $workerId): in each worker, after it stopped serving and before it exits. */
        public function onWorkerStop(?callable $callback): static {}

        /**
         * Runs the event loop until stop() or SIGTERM/SIGINT (graceful: close 1001 to every client). With workers,
         * this process becomes their master and returns when all have stopped; a worker never returns from it.
         * Throws Error if this or another Server is running, or if another Server would be left listening unserved.
         */
        public function run(): void {}

        /**
         * Graceful stop: stop accepting, onShutdown, timers cancelled, close 1001 to every client, run() returns
         * once all are gone (bounded by close_timeout each, shutdown_timeout in all). Before run(): the next run()
         * returns at once. In a worker: the whole server stops.
         */
        public function stop(): void {}

        /** The host this Server was constructed with. */
        public function getHost(): string {}

        /** The first listener's bound port (0 for a unix socket). */
        public function getPort(): int {}

        /**
         * Listens on one more address (an IPv4/IPv6 address or name, or unix:///path), served by this Server like
         * the first: a public port and an internal one. $options may hold socket_mode (for a unix socket) and
         * tls (false: plain ws:// on a server with the tls option; the default is the main listener's); the
         * other options are the server's. Returns the bound port (0 for a unix socket). At most 8 listeners.
         */
        public function listen(string $host, int $port, array $options = []): int {}

        /**
         * Reads the TLS certificate and key again (or uses new tls options, same form as the constructor's):
         * new handshakes use them, open connections keep theirs, session tickets stay valid. Throws a
         * ServerException and keeps the old ones if the files are not usable. A server with handle_signals
         * does this on SIGHUP by itself (with workers, the master does it before replacing them).
         */
        public function reloadTls(?array $tls = null): void {}

        /** The worker's id (0 .. workers-1) inside a worker; null in a server without workers, and in the master. */
        public function getWorkerId(): ?int {}

        /**
         * One message to every open connection: of this process at once, of the other workers through the master,
         * and of every server sharing the `redis` link (its bare prefix channel). The frame is built once per
         * process (compressed once per window size for the connections that negotiated permessage-deflate without
         * server context takeover). $except: as for publish(). $compress false sends it uncompressed to everyone.
         * Returns how many connections of this process accepted it.
         */
        public function broadcast(string $data, bool $binary = false, ?array $except = null, bool $compress = true): int {}

        /**
         * One message to every subscriber of $topic (see Connection::subscribe()): in this process at once (the
         * frame built once and shared by the subscribers' queues, each queue's limit and policy applying as for
         * send()), in the other workers of this server through the master, and on other servers through the
         * `redis` link. $except: Connection objects, connection ids of this server (int) or cluster ids
         * ("node.id", string) to leave out, everywhere. Text must be valid UTF-8 (else ValueError). $compress
         * false sends it uncompressed (as broadcast()). Returns how many connections of this process accepted it.
         */
        public function publish(string $topic, string $data, bool $binary = false, ?array $except = null, bool $compress = true): int {}

        /**
         * Subscribers of $topic in this process, or with $allWorkers in every worker of this server (as the
         * other workers last told: they report changes after each loop pass).
         */
        public function getSubscriberCount(string $topic, bool $allWorkers = false): int {}

        /**
         * This server's node id, part of every connection's cluster id ("node.id"): random per Server (its
         * workers share it), or the node_id option.
         */
        public function getNodeId(): int {}

        /** fn() once, $milliseconds from now, on the server's loop. Returns the timer id. */
        public function after(int $milliseconds, callable $callback): int {}

        /** fn() every $milliseconds on the server's loop. Returns the timer id. */
        public function every(int $milliseconds, callable $callback): int {}

        /** Cancels a timer; false if it is not pending (fired, cancelled, or never was). */
        public function cancel(int $timerId): bool {}

        /** The open connections (those that got onOpen and not yet onClose). */
        public function count(): int {}

        /** @return array<int, Connection> */
        public function getConnections(): array {}

        /** The open connection with this id, or null. */
        public function getConnection(int $id): ?Connection {}

        /** Iterates the open connections, id => Connection. */
        public function getIterator(): \Iterator {}

        /**
         * Figures of this process's server (in a worker: that worker's): connections by state, handshakes
         * accepted and refused by HTTP status, messages and bytes in and out, close codes seen, drops, queued
         * bytes, the memory budget and what is held against it, what the limits refused, uptime in seconds.
         * metrics_path serves the same figures as OpenMetrics text.
         * @return array<string, int|float|array<int|string, int>>
         */
        public function getStats(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class Connection {
        public readonly int $id;

        /** Free for the application: a user id, a session, anything. */
        public mixed $data = null;

        /**
         * Queues one message (text must be valid UTF-8, else ValueError). True if accepted and the queue is within
         * high_watermark; false when the caller should stop sending: over high_watermark (wait for onDrain), not
         * open, or refused by max_buffered or the memory budget (the policy dropped it or closed with 1008).
         * With permessage-deflate negotiated, a message of at least compression.threshold bytes goes compressed;
         * $compress false sends this one as it is (already compressed data, say).
         */
        public function send(string $data, bool $binary = false, bool $compress = true): bool {}

        /**
         * Sends json_encode($value, $flags, $depth) as a text message. An encoding error throws \JsonException
         * (JSON_THROW_ON_ERROR is always on, JSON_PARTIAL_OUTPUT_ON_ERROR always off): nothing is sent.
         * Returns what send() returns.
         */
        public function sendJson(mixed $value, int $flags = 0, int $depth = 512): bool {}

        /** Sends a ping (at most 125 bytes, else ValueError); getRtt() reads the round trip of the server's own pings. */
        public function ping(string $payload = ""): bool {}

        /**
         * Starts the closing handshake: $code 1000-1003, 1007-1014 or 3000-4999, $reason valid UTF-8 of at most
         * 123 bytes (else ValueError). The client has close_timeout to answer. No effect if already closing.
         */
        public function close(CloseCode|int $code = CloseCode::Normal, string $reason = ""): void {}

        /** True from onOpen until the closing handshake starts. */
        public function isOpen(): bool {}

        /** Bytes queued and not yet written to the socket (the browser's bufferedAmount). */
        public function getBufferedAmount(): int {}

        /** The peer's address ("unix" on a unix socket); behind trusted_proxies, the client's. */
        public function getRemoteAddress(): string {}

        /** The peer's port (0 on a unix socket; behind a proxy, the proxy connection's). */
        public function getRemotePort(): int {}

        /** The request target's path. */
        public function getPath(): string {}

        /** The request target's query, without "?". */
        public function getQuery(): string {}

        /** @return array<string, string> */
        public function getHeaders(): array {}

        /** A request header (name case-insensitive; repeats joined with ", ", cookie with "; "), or null. */
        public function getHeader(string $name): ?string {}

        /** The subprotocol answered in the handshake, or null. */
        public function getSubprotocol(): ?string {}

        /**
         * The extensions negotiated in the handshake, by name, with their parameters as in effect: [] or
         * ['permessage-deflate' => ['server_no_context_takeover' => bool, 'client_no_context_takeover' => bool,
         * 'server_max_window_bits' => int, 'client_max_window_bits' => int]]. Still answers after the close.
         */
        public function getExtensions(): array {}

        /** The last ping round trip in milliseconds, or null before the first pong. */
        public function getRtt(): ?float {}

        /**
         * Subscribes to $topic (1 to 1024 bytes, any bytes; else ValueError), so that Server::publish() to it
         * reaches this connection, in any worker or on any server sharing the redis link. True if newly
         * subscribed; false if it already was, or once the connection is closing (like send()). A closing
         * connection leaves all its topics by itself.
         */
        public function subscribe(string $topic): bool {}

        /** True if it was subscribed to $topic. */
        public function unsubscribe(string $topic): bool {}

        public function isSubscribed(string $topic): bool {}

        /** @return list<string> the topics it is subscribed to, most recent first */
        public function getTopics(): array {}

        /** "node.id": this connection's id across every server of a cluster (see Server::getNodeId()). */
        public function getClusterId(): string {}

        /**
         * On a wss:// connection whose TLS handshake is done: version, cipher, alpn, resumed (a session
         * ticket was used), peer_subject (the client certificate's subject with verify_peer, RFC 2253), ktls.
         * Null on plain ws:// and once the connection is gone.
         * @return array{version: string, cipher: string, alpn: ?string, resumed: bool, peer_subject: ?string, ktls: bool}|null
         */
        public function getTlsInfo(): ?array {}
    }

    /**
     * The HTTP request of a handshake, as onHandshake sees it.
     * @strict-properties
     * @not-serializable
     */
    final class Request {
        /** Free for the application: in onHandshake, what becomes the Connection's $data. */
        public mixed $data = null;

        /** The request method (GET for an upgrade). */
        public function getMethod(): string {}

        /** The request target's path. */
        public function getPath(): string {}

        /** The request target's query, without "?". */
        public function getQuery(): string {}

        /** @return array<string, string> */
        public function getHeaders(): array {}

        /** A request header (name case-insensitive; repeats joined with ", ", cookie with "; "), or null. */
        public function getHeader(string $name): ?string {}

        /** @return array<string, string> */
        public function getCookies(): array {}

        /** A cookie, URL-decoded as PHP's $_COOKIE reads it, or null. */
        public function getCookie(string $name): ?string {}

        /** The request body (empty for an upgrade). */
        public function getBody(): string {}

        /** The peer's address; behind trusted_proxies, the client's. */
        public function getRemoteAddress(): string {}
    }

    /**
     * The answer onHandshake gives: headers for the 101, or a refusal.
     * @strict-properties
     * @not-serializable
     */
    final class Response {
        /** 101 (accept the upgrade), or an HTTP status 200-599. */
        public function setStatus(int $status): static {}

        /** The status set so far (0: none). */
        public function getStatus(): int {}

        /** Replaces the headers of that name. Headers the server sets itself (Connection, Upgrade, Sec-WebSocket-*, Content-Length, Transfer-Encoding) are refused. */
        public function setHeader(string $name, string $value): static {}

        /** Adds one more header of that name (Set-Cookie). */
        public function addHeader(string $name, string $value): static {}

        /** The subprotocol to answer: one the client offered, or null for none. */
        public function setSubprotocol(?string $name): static {}

        /** The body of a refusal (onHandshake) or of the answer (onRequest). */
        public function end(string $body = ""): void {}

        /**
         * The file's contents as the body, with a Content-Type from its extension (or $contentType), status 200
         * unless set. A file that cannot be read: 404 and false.
         */
        public function sendFile(string $path, ?string $contentType = null): bool {}
    }

    class Exception extends \Exception {}

    final class ServerException extends Exception {}

    final class BackpressureException extends Exception {}

    /** A received message over max_messages_per_second, dropped by the "drop" policy. */
    final class RateLimitException extends Exception {}
}
