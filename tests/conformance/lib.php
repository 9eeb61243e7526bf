<?php
/*
 * Conformance client library: a small RFC 6455 client written on PHP stream
 * sockets (no extension needed), with every read and write bounded in time.
 *
 * A case gets a fresh Conn, drives it with the expect*() helpers and either
 * returns (OK, possibly with NON-STRICT / INFORMATIONAL notes) or throws
 * CaseFailed ("expected ..., got ...").
 */
declare(strict_types=1);

namespace Conformance;

const OP_CONT = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xA;

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

final class CaseFailed extends \Exception {}

/** Per-case verdict notes. */
final class Notes
{
    /** @var list<string> */
    public array $nonStrict = [];
    /** @var list<string> */
    public array $info = [];
    /** @var list<string> */
    public array $timing = [];

    /** The RFC allows two behaviours; the server chose the less usual one. */
    public function nonStrict(string $what): void { $this->nonStrict[] = $what; }

    /** Neither behaviour is wrong; tell the reader which one the server chose. */
    public function info(string $what): void { $this->info[] = $what; }

    public function timing(string $what): void { $this->timing[] = $what; }
}

function fail(string $expected, string $got): never
{
    throw new CaseFailed("expected $expected, got $got");
}

function now(): float { return microtime(true); }

function isUtf8(string $s): bool { return $s === '' || preg_match('//u', $s) === 1; }

/** Short printable description of a payload, for messages. */
function preview(string $s, int $max = 40): string
{
    $p = substr($s, 0, $max);
    $p = isUtf8($p) ? $p : bin2hex($p);
    $p = preg_replace('/[\x00-\x1f\x7f]/', '.', $p) ?? '';
    return '"' . $p . (strlen($s) > $max ? '...' : '') . '"';
}

function opName(int $op): string
{
    return match ($op) {
        OP_CONT => 'continuation', OP_TEXT => 'text', OP_BINARY => 'binary',
        OP_CLOSE => 'close', OP_PING => 'ping', OP_PONG => 'pong',
        default => "opcode $op",
    };
}

/** Describe an event returned by Conn::next(). */
function describe(array $ev): string
{
    return match ($ev['t']) {
        'msg' => sprintf('%s message of %d bytes %s', opName($ev['op']), strlen($ev['data']), preview($ev['data'])),
        'ping' => sprintf('ping with %d bytes', strlen($ev['data'])),
        'pong' => sprintf('pong with %d bytes %s', strlen($ev['data']), preview($ev['data'])),
        'close' => $ev['code'] === null ? 'close with empty payload'
            : sprintf('close %d%s', $ev['code'], $ev['reason'] !== '' ? ' ' . preview($ev['reason']) : ''),
        'eof' => $ev['reset'] ? 'TCP reset (no Close frame)' : 'TCP close (no Close frame)',
        'timeout' => sprintf('nothing within %.1f s', $ev['after']),
    };
}

/**
 * Build one client frame (masked unless $mask is false).
 */
function frame(int $opcode, string $payload = '', bool $fin = true, int $rsv = 0, bool $mask = true): string
{
    $b0 = ($fin ? 0x80 : 0) | (($rsv & 7) << 4) | ($opcode & 0xF);
    $n = strlen($payload);
    $m = $mask ? 0x80 : 0;
    if ($n < 126) {
        $h = chr($b0) . chr($m | $n);
    } elseif ($n < 65536) {
        $h = chr($b0) . chr($m | 126) . pack('n', $n);
    } else {
        $h = chr($b0) . chr($m | 127) . pack('J', $n);
    }
    if (!$mask) {
        return $h . $payload;
    }
    $key = random_bytes(4);
    if ($n === 0) {
        return $h . $key;
    }
    $keys = str_repeat($key, intdiv($n + 3, 4));
    return $h . $key . ($payload ^ substr($keys, 0, $n));
}

/** Close frame payload: 2-byte code and reason; $code null gives an empty payload. */
function closePayload(?int $code, string $reason = ''): string
{
    return $code === null ? '' : pack('n', $code) . $reason;
}

/** Valid close codes a server may send (RFC 6455 §7.4.1, §7.4.2, IANA registry). */
function isValidCloseCode(int $code): bool
{
    return ($code >= 1000 && $code <= 1003) || ($code >= 1007 && $code <= 1014) || ($code >= 3000 && $code <= 4999);
}

final class Conn
{
    /** @var resource */
    public $sock;
    public string $buf = '';
    public bool $eof = false;
    public bool $reset = false;
    public bool $writeFailed = false;
    public ?string $subprotocol = null;
    public string $responseHead = '';
    public float $deadline;         // the whole case must finish by then
    public float $timeout;          // default bound of one wait
    private ?int $msgOp = null;     // opcode of the server message being reassembled
    private string $msgData = '';
    private int $msgFrames = 0;
    public bool $serverClosed = false;
    public string $host = '';
    public int $port = 0;
    /** Read what the server sends while we write (false: act as a client that does not read). */
    public bool $readWhileWriting = true;
    /**
     * permessage-deflate as the server answered it (RFC 7692), or null: server_no_context_takeover,
     * client_no_context_takeover (bool), server_max_window_bits, client_max_window_bits (int, 15 when absent).
     * @var null|array<string, bool|int>
     */
    public ?array $pmd = null;
    private ?\InflateContext $inflater = null;
    private ?\DeflateContext $deflater = null;
    private bool $msgCompressed = false;
    /** Server messages that arrived compressed. */
    public int $compressedIn = 0;

    /** @param resource $sock */
    private function __construct($sock, float $timeout, float $deadline)
    {
        $this->sock = $sock;
        $this->timeout = $timeout;
        $this->deadline = $deadline;
    }

    /** --tls CAFILE: every connection is wss:// (TLS, the server verified against this CA for "localhost"). */
    public static ?string $tlsCa = null;

    /** Open a TCP connection only (for raw handshake cases); with --tls, a TLS connection. */
    public static function tcp(string $host, int $port, float $timeout, float $deadline): self
    {
        $ctx = stream_context_create(['socket' => ['tcp_nodelay' => true], 'ssl' => [
            'cafile' => self::$tlsCa, 'peer_name' => 'localhost', 'verify_peer' => true, 'verify_peer_name' => true,
        ]]);
        $errno = 0;
        $errstr = '';
        $s = @stream_socket_client((self::$tlsCa !== null ? 'tls' : 'tcp') . "://$host:$port", $errno, $errstr, $timeout,
            STREAM_CLIENT_CONNECT, $ctx);
        if ($s === false) {
            throw new CaseFailed("expected a TCP connection to $host:$port, got error $errno $errstr");
        }
        stream_set_blocking($s, false);
        stream_set_read_buffer($s, 0);
        $c = new self($s, $timeout, $deadline);
        $c->host = $host;
        $c->port = $port;
        return $c;
    }

    /**
     * Open a WebSocket connection with a fresh key, offering the 'chat' subprotocol and, with $extensions,
     * that Sec-WebSocket-Extensions value (each element of an array on its own header line).
     * @param null|string|list<string> $extensions
     */
    public static function open(string $host, int $port, float $timeout, float $deadline, ?string $protocols = 'chat',
                                string|array|null $extensions = null): self
    {
        $c = self::tcp($host, $port, $timeout, $deadline);
        $key = base64_encode(random_bytes(16));
        $ext = '';
        foreach ((array) $extensions as $line) {
            $ext .= "Sec-WebSocket-Extensions: $line\r\n";
        }
        $req = "GET / HTTP/1.1\r\nHost: $host:$port\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            . "Sec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n"
            . ($protocols !== null ? "Sec-WebSocket-Protocol: $protocols\r\n" : '')
            . $ext
            . "\r\n";
        $c->send($req);
        $head = $c->readHead();
        if ($head === null) {
            fail('a handshake response', $c->eof ? 'TCP close' : 'no response within the timeout');
        }
        $lines = explode("\r\n", $head);
        if (!preg_match('#^HTTP/1\.1 101 #', $lines[0])) {
            fail('HTTP/1.1 101', preview($lines[0], 80));
        }
        $h = self::parseHeaders($lines);
        $accept = base64_encode(sha1($key . GUID, true));
        if (($h['sec-websocket-accept'] ?? null) !== $accept) {
            fail("Sec-WebSocket-Accept $accept", preview($h['sec-websocket-accept'] ?? '(none)'));
        }
        if (strtolower($h['upgrade'] ?? '') !== 'websocket') {
            fail('Upgrade: websocket', preview($h['upgrade'] ?? '(none)'));
        }
        if (!in_array('upgrade', array_map('trim', explode(',', strtolower($h['connection'] ?? ''))), true)) {
            fail('Connection: Upgrade', preview($h['connection'] ?? '(none)'));
        }
        $c->subprotocol = $h['sec-websocket-protocol'] ?? null;
        $c->responseHead = $head;
        if (isset($h['sec-websocket-extensions'])) {
            if ($extensions === null) {
                fail('no Sec-WebSocket-Extensions when none was offered (RFC 6455 §9.1)', preview($h['sec-websocket-extensions']));
            }
            $c->pmd = pmdAnswer($h['sec-websocket-extensions'], (array) $extensions);
        }
        return $c;
    }

    // ----------------------------------------------------------------- permessage-deflate (RFC 7692)

    /** A message as this client sends it: compressed (RSV1) when permessage-deflate is on and $compress. */
    public function messageFrames(int $op, string $data, bool $compress = true, array $fragmentSizes = []): string
    {
        $rsv = 0;
        if ($this->pmd !== null && $compress) {
            $data = $this->deflate($data);
            $rsv = 4;
        }
        if (!$fragmentSizes) {
            return frame($op, $data, true, $rsv);
        }
        $out = '';
        $off = 0;
        $i = 0;
        do {
            $size = $fragmentSizes[$i++ % count($fragmentSizes)];
            $part = substr($data, $off, $size);
            $off += $size;
            $out .= frame($i === 1 ? $op : OP_CONT, $part, $off >= strlen($data), $i === 1 ? $rsv : 0);
        } while ($off < strlen($data));
        return $out;
    }

    /** One message's compressed payload (§7.2.1), with the window and context the server agreed to. */
    public function deflate(string $data): string
    {
        $bits = max(9, (int) $this->pmd['client_max_window_bits']); // zlib has no raw 8-bit deflater: 9 is what zlib itself makes of 8
        if ($this->deflater === null || $this->pmd['client_no_context_takeover']) {
            $this->deflater = deflate_init(ZLIB_ENCODING_RAW, ['level' => 6, 'window' => $bits]);
        }
        if ($data === '') {
            return "\x00"; // §7.2.3.6
        }
        $z = deflate_add($this->deflater, $data, ZLIB_SYNC_FLUSH);
        return str_ends_with($z, "\x00\x00\xff\xff") ? substr($z, 0, -4) : $z;
    }

    /** A server message's payload inflated with a window of exactly what the server agreed to use. */
    private function inflateMessage(string $payload): string
    {
        // An inflater whose window is the agreed server_max_window_bits: a server using a bigger window
        // would refer further back than it holds, and inflating fails (the agreement is checked).
        $bits = max(9, (int) $this->pmd['server_max_window_bits']);
        if ($this->inflater === null || $this->pmd['server_no_context_takeover']) {
            $this->inflater = inflate_init(ZLIB_ENCODING_RAW, ['window' => $bits]);
        }
        $out = @inflate_add($this->inflater, $payload . "\x00\x00\xff\xff", ZLIB_SYNC_FLUSH);
        if ($out === false) {
            fail(sprintf('a compressed message that inflates with the agreed %d-bit window (RFC 7692 §7.2.2)', $bits),
                sprintf('%d bytes that do not inflate', strlen($payload)));
        }
        return $out;
    }

    /** @param list<string> $lines status line first */
    public static function parseHeaders(array $lines): array
    {
        $h = [];
        foreach (array_slice($lines, 1) as $line) {
            if ($line === '') {
                continue;
            }
            $p = strpos($line, ':');
            if ($p === false) {
                continue;
            }
            $name = strtolower(trim(substr($line, 0, $p)));
            $value = trim(substr($line, $p + 1));
            $h[$name] = isset($h[$name]) ? $h[$name] . ', ' . $value : $value;
        }
        return $h;
    }

    /** Read an HTTP response head (up to and without the blank line); the rest stays in buf. */
    public function readHead(?float $timeout = null): ?string
    {
        $until = min(now() + ($timeout ?? $this->timeout), $this->deadline);
        while (($p = strpos($this->buf, "\r\n\r\n")) === false) {
            if ($this->eof || strlen($this->buf) > 65536 || !$this->fill($until)) {
                return null;
            }
        }
        $head = substr($this->buf, 0, $p);
        $this->buf = substr($this->buf, $p + 4);
        return $head;
    }

    /** Wait until readable or $until; read what is there. False on timeout or EOF. */
    public function fill(float $until): bool
    {
        if ($this->eof) {
            return false;
        }
        for ($i = 0; $i < 1000000; $i++) {
            $left = $until - now();
            if ($left <= 0) {
                return false;
            }
            $r = [$this->sock];
            $w = $e = null;
            $n = @stream_select($r, $w, $e, (int) $left, (int) (($left - (int) $left) * 1e6));
            if ($n === false) {
                return false;
            }
            if ($n === 0) {
                continue;
            }
            return $this->readSome();
        }
        return false;
    }

    private function readSome(): bool
    {
        $data = @fread($this->sock, 1 << 20);
        if ($data === false || $data === '') {
            if ($data === false || feof($this->sock)) {
                $this->eof = true;
                $err = error_get_last();
                $this->reset = $data === false && $err !== null && stripos($err['message'], 'reset') !== false;
                return false;
            }
            return true;
        }
        $this->buf .= $data;
        return true;
    }

    /**
     * Write bytes, optionally in chops of $chop bytes with $delay seconds between
     * them. Reads whatever the server sends meanwhile, so a server that echoes
     * while we still write cannot deadlock us. Returns false if the write failed
     * (the server closed) or the case deadline passed.
     */
    public function send(string $bytes, int $chop = 0, float $delay = 0.0): bool
    {
        if ($this->writeFailed) {
            return false;
        }
        $len = strlen($bytes);
        $step = $chop > 0 ? $chop : 1 << 20;
        for ($off = 0; $off < $len; $off += $step) {
            if (!$this->writeAll(substr($bytes, $off, $step))) {
                return false;
            }
            if ($delay > 0 && $off + $step < $len) {
                usleep((int) ($delay * 1e6));
            }
        }
        return true;
    }

    private function writeAll(string $data): bool
    {
        $off = 0;
        $len = strlen($data);
        $progress = now();
        while ($off < $len) {
            $left = $this->deadline - now();
            if ($left <= 0 || now() - $progress > $this->timeout) {
                // The case deadline passed, or the server took nothing for a whole timeout.
                $this->writeFailed = true;
                return false;
            }
            $r = $this->eof || !$this->readWhileWriting ? [] : [$this->sock];
            $w = [$this->sock];
            $e = null;
            $n = @stream_select($r, $w, $e, 0, (int) min(200000, $left * 1e6));
            if ($n === false) {
                $this->writeFailed = true;
                return false;
            }
            if ($r) {
                $this->readSome();
            }
            if ($w) {
                $k = @fwrite($this->sock, $off === 0 && $len <= 1 << 20 ? $data : substr($data, $off, 1 << 20));
                if ($k === false) {
                    $this->writeFailed = true;
                    return false;
                }
                if ($k > 0) {
                    $progress = now();
                }
                $off += $k;
            }
        }
        return true;
    }

    public function sendFrame(int $opcode, string $payload = '', bool $fin = true, int $rsv = 0, int $chop = 0, float $delay = 0.0): bool
    {
        return $this->send(frame($opcode, $payload, $fin, $rsv), $chop, $delay);
    }

    public function sendClose(?int $code = 1000, string $reason = ''): bool
    {
        return $this->sendFrame(OP_CLOSE, closePayload($code, $reason));
    }

    /**
     * Next event from the server: a complete message (fragments reassembled),
     * a control frame, TCP end, or a timeout. Frames that break RFC 6455 in
     * the server-to-client direction fail the case at once.
     */
    public function next(?float $timeout = null): array
    {
        $wait = $timeout ?? $this->timeout;
        $until = min(now() + $wait, $this->deadline);
        for ($i = 0; $i < 10000000; $i++) {
            $f = $this->parseFrame();
            if ($f === null) {
                if ($this->eof) {
                    return ['t' => 'eof', 'reset' => $this->reset];
                }
                if (!$this->fill($until)) {
                    if ($this->eof) {
                        continue;
                    }
                    return ['t' => 'timeout', 'after' => $wait];
                }
                continue;
            }
            [$fin, $rsv, $op, $masked, $payload] = $f;
            if ($this->serverClosed) {
                fail('no frame after the server\'s Close frame (RFC 6455 §5.5.1)', opName($op) . ' frame');
            }
            if ($masked) {
                fail('unmasked server frames (RFC 6455 §5.1)', 'a masked ' . opName($op) . ' frame');
            }
            if ($rsv !== 0 && !($rsv === 4 && $this->pmd !== null && ($op === OP_TEXT || $op === OP_BINARY))) {
                fail($this->pmd === null ? 'RSV bits 0 in server frames (no extension negotiated, RFC 6455 §5.2)'
                        : 'RSV1 only on the first frame of a compressed message (RFC 7692 §6.1)',
                    sprintf('RSV=%d on a %s frame', $rsv, opName($op)));
            }
            if ($rsv === 4 && $this->pmd !== null && $this->pmd['server_max_window_bits'] < 9) {
                fail('no compressed message from a server that agreed a window of 8 bits, which zlib cannot deflate with', 'RSV1 set');
            }
            if ($op >= 0x8) {
                if (!$fin || strlen($payload) > 125) {
                    fail('control frames with FIN set and at most 125 bytes (RFC 6455 §5.5)', sprintf('%s frame FIN=%d, %d bytes', opName($op), $fin, strlen($payload)));
                }
                switch ($op) {
                    case OP_PING:
                        return ['t' => 'ping', 'data' => $payload];
                    case OP_PONG:
                        return ['t' => 'pong', 'data' => $payload];
                    case OP_CLOSE:
                        $this->serverClosed = true;
                        return $this->closeEvent($payload);
                }
                fail('only defined opcodes from the server (RFC 6455 §5.2)', sprintf('opcode %d', $op));
            }
            if ($op === OP_CONT) {
                if ($this->msgOp === null) {
                    fail('a continuation frame only inside a fragmented message (RFC 6455 §5.4)', 'a continuation frame with nothing to continue');
                }
                $this->msgData .= $payload;
                $this->msgFrames++;
            } elseif ($op === OP_TEXT || $op === OP_BINARY) {
                if ($this->msgOp !== null) {
                    fail('a continuation frame inside a fragmented message (RFC 6455 §5.4)', 'a new ' . opName($op) . ' frame');
                }
                $this->msgOp = $op;
                $this->msgData = $payload;
                $this->msgFrames = 1;
                $this->msgCompressed = $rsv === 4;
            } else {
                fail('only defined opcodes from the server (RFC 6455 §5.2)', sprintf('opcode %d', $op));
            }
            if ($fin) {
                if ($this->msgCompressed) {
                    $this->msgData = $this->inflateMessage($this->msgData);
                    $this->compressedIn++;
                    $this->msgCompressed = false;
                }
                $ev = ['t' => 'msg', 'op' => $this->msgOp, 'data' => $this->msgData, 'frames' => $this->msgFrames];
                $this->msgOp = null;
                $this->msgData = '';
                if ($ev['op'] === OP_TEXT && !isUtf8($ev['data'])) {
                    fail('valid UTF-8 in server text messages (RFC 6455 §5.6)', 'invalid UTF-8 in a text message of ' . strlen($ev['data']) . ' bytes');
                }
                return $ev;
            }
        }
        fail('an event', 'a frame loop that did not end');
    }

    private function closeEvent(string $payload): array
    {
        $n = strlen($payload);
        if ($n === 0) {
            return ['t' => 'close', 'code' => null, 'reason' => '', 'len' => 0];
        }
        if ($n === 1) {
            fail('a Close payload of 0 or at least 2 bytes (RFC 6455 §5.5.1)', 'a 1-byte Close payload');
        }
        $code = unpack('n', $payload)[1];
        $reason = substr($payload, 2);
        if (!isUtf8($reason)) {
            fail('a UTF-8 close reason (RFC 6455 §5.5.1)', 'invalid UTF-8 ' . bin2hex($reason));
        }
        if (!isValidCloseCode($code)) {
            fail('a close code that may be sent (RFC 6455 §7.4)', "close code $code");
        }
        return ['t' => 'close', 'code' => $code, 'reason' => $reason, 'len' => $n];
    }

    /** @return null|array{0:bool,1:int,2:int,3:bool,4:string} */
    private function parseFrame(): ?array
    {
        $n = strlen($this->buf);
        if ($n < 2) {
            return null;
        }
        $b0 = ord($this->buf[0]);
        $b1 = ord($this->buf[1]);
        $len = $b1 & 0x7F;
        $pos = 2;
        if ($len === 126) {
            if ($n < 4) {
                return null;
            }
            $len = unpack('n', $this->buf, 2)[1];
            $pos = 4;
        } elseif ($len === 127) {
            if ($n < 10) {
                return null;
            }
            $len = unpack('J', $this->buf, 2)[1];
            if ($len < 0 || $len > 1 << 31) {
                fail('a sane frame length from the server', "declared length $len");
            }
            $pos = 10;
        }
        $masked = ($b1 & 0x80) !== 0;
        $key = '';
        if ($masked) {
            if ($n < $pos + 4) {
                return null;
            }
            $key = substr($this->buf, $pos, 4);
            $pos += 4;
        }
        if ($n < $pos + $len) {
            return null;
        }
        $payload = substr($this->buf, $pos, $len);
        $this->buf = (string) substr($this->buf, $pos + $len);
        if ($masked && $len > 0) {
            $payload ^= substr(str_repeat($key, intdiv($len + 3, 4)), 0, $len);
        }
        return [($b0 & 0x80) !== 0, ($b0 >> 4) & 7, $b0 & 0xF, $masked, $payload];
    }

    // ----------------------------------------------------------------- expectations

    /** The next event must be a message of this type and content. */
    public function expectMessage(int $op, string $data, ?float $timeout = null): array
    {
        $ev = $this->next($timeout);
        $want = sprintf('%s echo of %d bytes', opName($op), strlen($data));
        if ($ev['t'] !== 'msg') {
            fail($want, describe($ev));
        }
        if ($ev['op'] !== $op) {
            fail($want, describe($ev));
        }
        if ($ev['data'] !== $data) {
            $a = $ev['data'];
            $i = 0;
            $m = min(strlen($a), strlen($data));
            while ($i < $m && $a[$i] === $data[$i]) {
                $i++;
            }
            fail($want, sprintf('%d bytes differing from offset %d', strlen($a), $i));
        }
        return $ev;
    }

    public function expectPong(string $data, ?float $timeout = null): void
    {
        $ev = $this->next($timeout);
        if ($ev['t'] !== 'pong' || $ev['data'] !== $data) {
            fail(sprintf('pong with the ping\'s %d-byte payload %s', strlen($data), preview($data)), describe($ev));
        }
    }

    /**
     * The server must fail the connection: a Close frame with one of $codes,
     * then (after our reply) the TCP close. Anything else first is a failure.
     */
    public function expectFailClose(array $codes, ?float $timeout = null): array
    {
        $want = 'close ' . implode(' or ', $codes);
        $ev = $this->next($timeout);
        if ($ev['t'] !== 'close') {
            fail($want, describe($ev));
        }
        if ($ev['code'] === null || !in_array($ev['code'], $codes, true)) {
            fail($want, describe($ev));
        }
        // Echo the code back as RFC 6455 §5.5.1 asks; the server may already be gone.
        $this->sendClose($ev['code']);
        $this->expectTcpClose();
        return $ev;
    }

    /** After the closing handshake the server should close TCP (RFC 6455 §7.1.1). */
    public function expectTcpClose(?float $timeout = null): void
    {
        $ev = $this->next($timeout);
        if ($ev['t'] !== 'eof') {
            fail('the server to close TCP after the closing handshake (RFC 6455 §7.1.1: the server closes first)', describe($ev));
        }
    }

    /**
     * Client-started closing handshake: send Close($code, $reason), expect the
     * server's Close (echoing the code), then the TCP close.
     */
    public function closeNormally(Notes $notes, ?int $code = 1000, string $reason = ''): array
    {
        if (!$this->sendClose($code, $reason)) {
            fail('the connection open to send Close', 'the write failing (' . describe($this->next(0.5)) . ')');
        }
        $ev = $this->next();
        if ($ev['t'] !== 'close') {
            fail('close ' . ($code ?? 'reply'), describe($ev));
        }
        if ($code === null) {
            if ($ev['code'] === null) {
                $notes->info('server answered an empty Close with an empty Close');
            } elseif ($ev['code'] === 1000) {
                $notes->info('server answered an empty Close with close 1000 (RFC 6455 §5.5.1 allows either)');
            } else {
                fail('an empty Close or close 1000 in reply to an empty Close', describe($ev));
            }
        } elseif ($ev['code'] !== $code) {
            if ($ev['code'] === null || $ev['code'] === 1002 || $ev['code'] === 1007 || $ev['code'] === 1011) {
                fail("close $code", describe($ev));
            }
            $notes->nonStrict(sprintf('server answered close %d with %s (RFC 6455 §5.5.1: the reply "typically echos the status code it received")', $code, describe($ev)));
        }
        if ($ev['reason'] !== '' && $ev['reason'] !== $reason) {
            $notes->info('server close reason ' . preview($ev['reason']));
        }
        $this->expectTcpClose();
        return $ev;
    }

    public function close(): void
    {
        if (is_resource($this->sock)) {
            @fclose($this->sock);
        }
    }
}

/**
 * Check a Sec-WebSocket-Extensions answer against the offers (RFC 7692 §7): one permessage-deflate element, known
 * parameters each at most once, valid values, and only what an offer allows (server_max_window_bits no bigger
 * than offered, client_max_window_bits only if offered and no bigger than a value offered). Returns the
 * parameters in effect.
 * @param list<string> $offers
 * @return array<string, bool|int>
 */
function pmdAnswer(string $answer, array $offers): array
{
    $elements = array_map('trim', explode(',', $answer));
    if (count($elements) !== 1) {
        fail('one extension in the answer', preview($answer, 120));
    }
    $parts = array_map('trim', explode(';', $elements[0]));
    if (strtolower(array_shift($parts)) !== 'permessage-deflate') {
        fail('permessage-deflate, the only extension offered', preview($answer, 120));
    }
    $p = ['server_no_context_takeover' => false, 'client_no_context_takeover' => false,
        'server_max_window_bits' => 15, 'client_max_window_bits' => 15];
    $seen = [];
    foreach ($parts as $part) {
        [$k, $v] = array_pad(explode('=', $part, 2), 2, null);
        $k = strtolower(trim($k));
        if (isset($seen[$k]) || !array_key_exists($k, $p)) {
            fail('known parameters, each at most once (RFC 7692 §7.1)', preview($answer, 120));
        }
        $seen[$k] = true;
        if (str_ends_with($k, 'takeover')) {
            if ($v !== null) {
                fail("$k without a value", preview($answer, 120));
            }
            $p[$k] = true;
        } else {
            $v = trim((string) $v, " \t\"");
            if (!preg_match('/^(8|9|1[0-5])$/', $v)) {
                fail("$k between 8 and 15", preview($answer, 120));
            }
            $p[$k] = (int) $v;
        }
    }
    // The offer it answers: the first whose parameters the answer may hold.
    foreach ($offers as $line) {
        foreach (explode(',', $line) as $offer) {
            $o = strtolower($offer);
            if (!str_contains($o, 'permessage-deflate')) {
                continue;
            }
            $osmwb = preg_match('/server_max_window_bits\s*=\s*"?(\d+)/', $o, $m) ? (int) $m[1] : null;
            $ocmwb = str_contains($o, 'client_max_window_bits');
            $ocmwbv = preg_match('/client_max_window_bits\s*=\s*"?(\d+)/', $o, $m) ? (int) $m[1] : 15;
            $ok = (!isset($seen['client_max_window_bits']) || ($ocmwb && $p['client_max_window_bits'] <= $ocmwbv))
                && ($osmwb === null || (isset($seen['server_max_window_bits']) && $p['server_max_window_bits'] <= $osmwb))
                && (!str_contains($o, 'server_no_context_takeover') || $p['server_no_context_takeover']);
            if ($ok) {
                if (!$ocmwb && !isset($seen['client_max_window_bits'])) {
                    $p['client_max_window_bits'] = 15;
                }
                return $p;
            }
        }
    }
    fail('an answer that one of the offers allows (RFC 7692 §7.1)', preview($answer, 120));
}

/** Deterministic pseudo-random bytes (xorshift), so failures can be reproduced. */
function pseudoRandomBytes(int $n, int $seed = 1): string
{
    $out = '';
    $x = $seed | 1;
    $chunk = '';
    for ($i = 0; $i < min($n, 4096); $i++) {
        $x ^= ($x << 13) & 0xFFFFFFFF;
        $x ^= $x >> 17;
        $x ^= ($x << 5) & 0xFFFFFFFF;
        $chunk .= chr($x & 0xFF);
    }
    if ($n <= 4096) {
        return $chunk;
    }
    // Repeat with a shifting offset so long payloads are not a plain repetition.
    while (strlen($out) < $n) {
        $k = strlen($out) % 4093;
        $out .= substr($chunk, $k) . substr($chunk, 0, $k);
    }
    return substr($out, 0, $n);
}

/** Text payload of exactly $n bytes of valid UTF-8, with multi-byte characters. */
function utf8Payload(int $n): string
{
    $unit = 'Hello-µ@ßöäüàá-UTF-8!! κόσμε €𝄞 ';
    $s = str_repeat($unit, intdiv($n, strlen($unit)) + 1);
    $s = substr($s, 0, $n);
    // Replace a cut-off character at the end with ASCII so the length stays $n.
    for ($i = 0; $i < 4 && !isUtf8($s); $i++) {
        $s = substr($s, 0, -1 - $i) . str_repeat('*', $i + 1);
    }
    return $s;
}

/** Split a payload into a message of fragments of the given sizes (cycled). */
function fragments(int $op, string $payload, array $sizes): string
{
    $out = '';
    $off = 0;
    $len = strlen($payload);
    $i = 0;
    do {
        $size = $sizes[$i++ % count($sizes)];
        $part = substr($payload, $off, $size);
        $off += $size;
        $out .= frame($i === 1 ? $op : OP_CONT, $part, $off >= $len);
    } while ($off < $len);
    return $out;
}
