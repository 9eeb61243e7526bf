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
        public function __construct(string $host, int $port, array $options = []) {}

        public function onOpen(?callable $callback): static {}

        public function onMessage(?callable $callback): static {}

        public function onClose(?callable $callback): static {}

        public function onError(?callable $callback): static {}

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

        public function run(): void {}

        public function stop(): void {}

        public function getHost(): string {}

        public function getPort(): int {}

        /**
         * Listens on one more address (an IPv4/IPv6 address or name, or unix:///path), served by this Server like
         * the first: a public port and an internal one. $options may hold socket_mode (for a unix socket); the
         * other options are the server's. Returns the bound port (0 for a unix socket). At most 8 listeners.
         */
        public function listen(string $host, int $port, array $options = []): int {}

        /** The worker's id (0 .. workers-1) inside a worker; null in a server without workers, and in the master. */
        public function getWorkerId(): ?int {}

        public function broadcast(string $data, bool $binary = false, ?array $except = null): int {}

        public function after(int $milliseconds, callable $callback): int {}

        public function every(int $milliseconds, callable $callback): int {}

        public function cancel(int $timerId): bool {}

        public function count(): int {}

        /** @return array<int, Connection> */
        public function getConnections(): array {}

        public function getConnection(int $id): ?Connection {}

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

        public function send(string $data, bool $binary = false): bool {}

        /**
         * Sends json_encode($value, $flags, $depth) as a text message. An encoding error throws \JsonException
         * (JSON_THROW_ON_ERROR is always on, JSON_PARTIAL_OUTPUT_ON_ERROR always off): nothing is sent.
         * Returns what send() returns.
         */
        public function sendJson(mixed $value, int $flags = 0, int $depth = 512): bool {}

        public function ping(string $payload = ""): bool {}

        public function close(CloseCode|int $code = CloseCode::Normal, string $reason = ""): void {}

        public function isOpen(): bool {}

        public function getBufferedAmount(): int {}

        public function getRemoteAddress(): string {}

        public function getRemotePort(): int {}

        public function getPath(): string {}

        public function getQuery(): string {}

        /** @return array<string, string> */
        public function getHeaders(): array {}

        public function getHeader(string $name): ?string {}

        public function getSubprotocol(): ?string {}

        public function getRtt(): ?float {}
    }

    /**
     * The HTTP request of a handshake, as onHandshake sees it.
     * @strict-properties
     * @not-serializable
     */
    final class Request {
        /** Free for the application: in onHandshake, what becomes the Connection's $data. */
        public mixed $data = null;

        public function getMethod(): string {}

        public function getPath(): string {}

        public function getQuery(): string {}

        /** @return array<string, string> */
        public function getHeaders(): array {}

        public function getHeader(string $name): ?string {}

        /** @return array<string, string> */
        public function getCookies(): array {}

        public function getCookie(string $name): ?string {}

        public function getBody(): string {}

        public function getRemoteAddress(): string {}
    }

    /**
     * The answer onHandshake gives: headers for the 101, or a refusal.
     * @strict-properties
     * @not-serializable
     */
    final class Response {
        public function setStatus(int $status): static {}

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
