#!/usr/bin/python3
"""Interop: Debian's python3-websockets (a client nobody here wrote) against ext-websocket.

Starts examples/echo.php (and examples/chat/server.php for a server-started close)
on a free 127.0.0.1 port, runs the checks and stops the servers. Prints one line
per check, "check python <name> OK" or "check python <name> FAILED: expected ..., got ...",
and exits 1 if any check failed.

Run with /usr/bin/python3 (the pyenv python3 on PATH may lack the websockets module).
ECHO_SERVER_CMD / CHAT_SERVER_CMD override the server commands (the port, 0, is appended).
"""
import asyncio
import atexit
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

try:
    import websockets
except ImportError:
    print("check python import FAILED: expected the websockets module (apt-get install python3-websockets), "
          "got ImportError; run this with /usr/bin/python3", flush=True)
    sys.exit(1)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PHP = os.environ.get("PHP", "php")
EXT = os.path.join(ROOT, "modules", "websocket.so")
HOST = "127.0.0.1"
CHAT_ORIGIN = "http://127.0.0.1:8000"  # listed by examples/chat/server.php unless CHAT_ORIGINS says otherwise

results = []


def report(name, ok, failure="", note=""):
    """failure: 'expected ..., got ...' shown on failure; note: shown on success (timings)."""
    results.append(ok)
    line = f"check python {name} " + ("OK" if ok else f"FAILED: {failure}")
    print(line + (f" ({note})" if ok and note else ""), flush=True)


running = []


def _kill_all():
    for proc in running:
        if proc.poll() is None:
            proc.kill()


# A signal (e.g. from `timeout` in run.sh) still stops the servers started here.
atexit.register(_kill_all)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


class Server:
    """A server process printing READY <port>; stopped by stop(), bounded in time."""

    def __init__(self, script, env_name, env=None):
        cmd = os.environ.get(env_name)
        argv = shlex.split(cmd) if cmd else [PHP, "-d", f"extension={EXT}", os.path.join(ROOT, script)]
        # Files, not pipes: a server that writes a lot can never block on them.
        self.out = tempfile.TemporaryFile(mode="w+")
        self.err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(argv + ["0"], stdout=self.out, stderr=self.err, text=True,
                                     env=dict(os.environ, **(env or {})))
        running.append(self.proc)
        self.port = None
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline and self.proc.poll() is None and self.port is None:
            time.sleep(0.05)
            self.out.seek(0)
            text = self.out.read()
            # Only whole lines: the server may have written "READY " but not yet the port.
            m = re.search(r"^READY (\d+)\r?\n", text, re.M)
            if m:
                self.port = int(m.group(1))
        if not self.port:
            self.stop()
            self.err.seek(0)
            raise RuntimeError(f"{script} did not print READY <port> within 10 s; stdout {text[-300:]!r}, "
                               f"stderr {self.err.read()[-500:]!r}")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


async def echo_checks(port, tls=None):
    """tls: an ssl.SSLContext trusting the test CA: the same checks over wss:// (names prefixed "wss ")."""
    global report
    plain_report = report
    if tls is not None:
        report = lambda name, *a, **k: plain_report("wss " + name, *a, **k)  # noqa: E731
    try:
        await echo_checks_on(f"wss://localhost:{port}/" if tls else f"ws://{HOST}:{port}/", tls)
    finally:
        report = plain_report


def make_tls_files():
    """A CA and a localhost certificate made by the openssl command; returns (dir, ssl context trusting the CA)."""
    import ssl
    d = tempfile.mkdtemp(prefix="wst-interop-tls-")
    atexit.register(lambda: subprocess.run(["rm", "-rf", d]))
    ec = ["-pkeyopt", "ec_paramgen_curve:P-256"]
    for args in (["req", "-x509", "-newkey", "ec", *ec, "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
                  "-subj", "/CN=interop-CA"],
                 ["genpkey", "-algorithm", "EC", *ec, "-out", "srv.key"],
                 ["req", "-new", "-key", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost"],
                 ["x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                  "-out", "srv.crt", "-days", "1", "-extfile", "san.ext"]):
        with open(os.path.join(d, "san.ext"), "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True, timeout=30)
    ctx = ssl.create_default_context(cafile=os.path.join(d, "ca.crt"))
    return d, ctx


async def echo_checks_on(url, tls):
    async with websockets.connect(url, subprotocols=["chat"], max_size=4 * 1024 * 1024, ssl=tls,
                                  open_timeout=5, close_timeout=5, ping_interval=None) as ws:
        if tls is not None:
            obj = ws.transport.get_extra_info("ssl_object")
            report("tls version", obj is not None and obj.version() in ("TLSv1.3", "TLSv1.2"),
                   f"expected TLS 1.2 or 1.3, got {obj and obj.version()}", obj and obj.version())
        # subprotocol
        report("subprotocol", ws.subprotocol == "chat", f"expected 'chat', got {ws.subprotocol!r}")

        # text, with multi-byte characters
        text = "Hello, κόσμε 𝄞 €"
        await ws.send(text)
        got = await asyncio.wait_for(ws.recv(), 5)
        report("text", got == text, f"expected str {text!r}, got {type(got).__name__} {got!r:.80}")

        # binary
        data = bytes(range(256)) * 4
        await ws.send(data)
        got = await asyncio.wait_for(ws.recv(), 5)
        report("binary", isinstance(got, bytes) and got == data,
               f"expected 1024 bytes, got {type(got).__name__} of {len(got)}")

        # 1 MiB text and binary
        big = ("0123456789abcdef" * 65536)
        t0 = time.monotonic()
        await ws.send(big)
        got = await asyncio.wait_for(ws.recv(), 20)
        ms = (time.monotonic() - t0) * 1000
        report("text 1 MiB", isinstance(got, str) and got == big,
               f"expected the same str of {len(big)}, got {type(got).__name__} of {len(got)}", f"{ms:.1f} ms")
        bigb = os.urandom(1 << 20)
        t0 = time.monotonic()
        await ws.send(bigb)
        got = await asyncio.wait_for(ws.recv(), 20)
        ms = (time.monotonic() - t0) * 1000
        report("binary 1 MiB", isinstance(got, bytes) and got == bigb,
               f"expected the same bytes of {len(bigb)}, got {type(got).__name__} of {len(got)}", f"{ms:.1f} ms")

        # a fragmented message: websockets sends an iterable as one message in fragments
        await ws.send(["frag-1 κό", "σμε ", "frag-3"])
        got = await asyncio.wait_for(ws.recv(), 5)
        report("fragmented", got == "frag-1 κόσμε frag-3", f"expected 'frag-1 κόσμε frag-3', got {got!r:.80}")

        # 1000 small messages pipelined: all echoed, in order
        for i in range(1000):
            await ws.send(f"msg {i}" if i % 2 else f"msg {i}".encode())
        got = [await asyncio.wait_for(ws.recv(), 5) for _ in range(1000)]
        want = [f"msg {i}" if i % 2 else f"msg {i}".encode() for i in range(1000)]
        bad = next((i for i in range(1000) if got[i] != want[i]), None)
        report("1000 messages", bad is None, f"expected 1000 echoes in order, got {got[bad]!r} at {bad}" if bad is not None else "")

        # ping: the library resolves the waiter only when the pong with the same payload comes back
        waiter = await ws.ping(b"python-ping")
        try:
            t0 = time.monotonic()
            await asyncio.wait_for(waiter, 5)
            report("ping", True, note=f"pong after {(time.monotonic() - t0) * 1000:.2f} ms")
        except asyncio.TimeoutError:
            report("ping", False, "expected a pong within 5 s, got none")

        # client-started close with code and reason: the code seen is the server's reply
        await ws.close(code=4001, reason="bye from python")
        code, reason = ws.close_code, ws.close_reason
        report("close", code == 4001 and reason in ("", "bye from python"),
               f"expected the server's Close to echo 4001 (reason empty or echoed), got code {code} reason {reason!r}",
               f"server replied {code} {reason!r}")


def json_text(n):
    """Compressible JSON-like text of exactly n bytes (ASCII: valid UTF-8 at any length)."""
    out, i, have = [], 0, 0
    while have < n:
        out.append('{"id":%d,"user":"user%d","text":"hello world %d"}\n' % (i, i % 7, i % 13))
        have += len(out[-1])
        i += 1
    return "".join(out)[:n]


def repeating_bytes(n):
    block = os.urandom(4096)
    return (block * (n // 4096 + 1))[:n]


async def deflate_checks(port, label, offer_kw, expect_header, expect_params):
    """permessage-deflate (RFC 7692): websockets offers it by default; the parameters agreed are asserted,
    text and binary from 1 byte to 4 MiB round-trip, and the server's large messages arrive compressed
    (RSV1, counted in the extension's decoder)."""
    from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory, PerMessageDeflate
    kw = {}
    if offer_kw is not None:
        kw["extensions"] = [ClientPerMessageDeflateFactory(**offer_kw)]
        kw["compression"] = None
    async with websockets.connect(f"ws://{HOST}:{port}/", subprotocols=["chat"], max_size=8 * 1024 * 1024,
                                  open_timeout=5, close_timeout=5, ping_interval=None, **kw) as ws:
        header = ws.response_headers.get("Sec-WebSocket-Extensions")
        ext = ws.extensions[0] if ws.extensions else None
        params = None
        if isinstance(ext, PerMessageDeflate):
            params = {"server_no_context_takeover": ext.remote_no_context_takeover,
                      "client_no_context_takeover": ext.local_no_context_takeover,
                      "server_max_window_bits": ext.remote_max_window_bits or 15,
                      "client_max_window_bits": ext.local_max_window_bits or 15}
        report(f"{label} negotiated", header == expect_header and params == expect_params,
               f"expected {expect_header!r} with {expect_params}, got {header!r} with {params}", header)
        if params is None:
            return
        compressed = []
        decode = ext.decode

        def counting_decode(frame, *, max_size=None):
            if frame.rsv1:
                compressed.append(len(frame.data))
            return decode(frame, max_size=max_size)
        ext.decode = counting_decode
        bad = None
        for n in (1, 100, 1023, 1024, 65536, 1 << 20, 4 << 20):
            for data in (json_text(n), repeating_bytes(n)):
                await ws.send(data)
                got = await asyncio.wait_for(ws.recv(), 30)
                if got != data and bad is None:
                    bad = f"{type(data).__name__} of {n} bytes came back as {type(got).__name__} of {len(got)}"
        report(f"{label} round trips 1 B..4 MiB", bad is None, f"expected every text and binary message echoed, got {bad}")
        # At or over the 1 KiB threshold, the JSON text always compresses smaller.
        report(f"{label} compressed by the server", len(compressed) >= 4,
               f"expected at least the 4 large text messages compressed (RSV1), got {len(compressed)}",
               f"{len(compressed)} of 14 messages came back compressed")


async def stop_check(server):
    """SIGTERM to examples/echo.php (pcntl): Server::stop() sends close 1001 to every client, run() returns."""
    async with websockets.connect(f"ws://{HOST}:{server.port}/", subprotocols=["chat"], open_timeout=5,
                                  close_timeout=5, ping_interval=None) as ws:
        await ws.send("before stop")
        await asyncio.wait_for(ws.recv(), 5)
        server.proc.terminate()
        try:
            await asyncio.wait_for(ws.recv(), 10)
            report("server stop", False, "expected close 1001, got a message")
            return
        except websockets.ConnectionClosed:
            pass
        except asyncio.TimeoutError:
            report("server stop", False, "expected close 1001 within 10 s of SIGTERM, got nothing")
            return
        code, reason = ws.close_code, ws.close_reason
    try:
        rc = await asyncio.get_running_loop().run_in_executor(None, lambda: server.proc.wait(10))
    except subprocess.TimeoutExpired:
        rc = None
    report("server stop", code == 1001 and rc == 0,
           f"expected close 1001 and the server exiting 0 after SIGTERM, got close {code} {reason!r} and exit {rc}",
           f"close {code} {reason!r}, exit {rc}")


def has_pcntl():
    if os.environ.get("ECHO_SERVER_CMD"):
        return False
    probe = subprocess.run([PHP, "-r", "exit(function_exists('pcntl_async_signals') ? 0 : 1);"], timeout=10)
    return probe.returncode == 0


async def chat_checks(port):
    """The chat protocol of examples/chat/server.php, as documented at its top."""
    import json

    async def recv_json(ws):
        return json.loads(await asyncio.wait_for(ws.recv(), 5))

    base = f"ws://{HOST}:{port}/"
    # The chat server lets in its listed origins only (CHAT_ORIGINS; by default http://127.0.0.1:8000).
    kw = dict(subprotocols=["chat"], open_timeout=5, close_timeout=5, ping_interval=None, origin=CHAT_ORIGIN)
    async with websockets.connect(base, **kw) as ann, websockets.connect(base + "?nick=bob", **kw) as bob:
        w = await recv_json(bob)
        report("chat query join", w == {"type": "welcome", "nick": "bob", "users": ["bob"]},
               f"expected welcome for bob with users ['bob'], got {w}")
        await ann.send(json.dumps({"type": "message", "text": "too early"}))
        e = await recv_json(ann)
        report("chat join first", e.get("type") == "error", f"expected an error before joining, got {e}")
        await ann.send(json.dumps({"type": "join", "nick": "BOB"}))
        e = await recv_json(ann)
        report("chat nick taken", e.get("type") == "error" and "taken" in e.get("error", ""),
               f"expected an error for a taken nick (case-insensitive), got {e}")
        await ann.send(json.dumps({"type": "join", "nick": "ann"}))
        w = await recv_json(ann)
        j = await recv_json(bob)
        report("chat json join", w.get("type") == "welcome" and sorted(w.get("users", [])) == ["ann", "bob"]
               and j == {"type": "join", "nick": "ann"},
               f"expected welcome with ann and bob, and bob told 'ann joined', got {w} and {j}")
        await ann.send(json.dumps({"type": "message", "text": "hi bob 👋"}))
        m1 = await recv_json(ann)
        m2 = await recv_json(bob)
        ok = all(m.get("type") == "message" and m.get("nick") == "ann" and m.get("text") == "hi bob 👋"
                 and isinstance(m.get("time"), int) for m in (m1, m2))
        report("chat broadcast", ok, f"expected the message from ann in both connections, got {m1} and {m2}")
        await bob.close()
        left = await recv_json(ann)
        report("chat leave", left == {"type": "leave", "nick": "bob"}, f"expected bob's leave notice, got {left}")
    await chat_close_check(port)


async def chat_close_check(port):
    # A nick that cannot be used: the chat server closes with 1008 'bad nick'.
    url = f"ws://{HOST}:{port}/?nick=%20"
    async with websockets.connect(url, subprotocols=["chat"], open_timeout=5, close_timeout=5, ping_interval=None,
                                  origin=CHAT_ORIGIN) as ws:
        msgs = []
        try:
            while True:
                msgs.append(await asyncio.wait_for(ws.recv(), 5))
        except websockets.ConnectionClosed:
            pass
        except asyncio.TimeoutError:
            report("server close", False, "expected a Close within 5 s, got none")
            return
        code, reason = ws.close_code, ws.close_reason
        report("server close", code == 1008 and reason == "bad nick" and any('"error"' in m for m in msgs),
               f"expected an error message then close 1008 'bad nick', got {msgs!r:.120} then close {code} {reason!r}",
               f"close {code} {reason!r}")


def wss_checks():
    try:
        tls_dir, tls_ctx = make_tls_files()
        server = Server("examples/echo.php", "ECHO_SERVER_CMD",
                        {"WS_TLS_CERT": os.path.join(tls_dir, "srv.crt"), "WS_TLS_KEY": os.path.join(tls_dir, "srv.key")})
        try:
            asyncio.run(asyncio.wait_for(echo_checks(server.port, tls_ctx), 60))
        except Exception as e:  # noqa: BLE001
            report("wss echo session", False, f"expected the checks to run, got {type(e).__name__}: {e}")
        finally:
            server.stop()
    except Exception as e:  # noqa: BLE001
        report("wss echo server", False, f"expected a running examples/echo.php with WS_TLS_CERT, got {e}")


def main():
    async def deflate_all(port):
        await deflate_checks(port, "deflate", None,
                             "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                             {"server_no_context_takeover": True, "client_no_context_takeover": True,
                              "server_max_window_bits": 15, "client_max_window_bits": 15})
        await deflate_checks(port, "deflate windows", {"server_max_window_bits": 11, "client_max_window_bits": 10},
                             "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                             "server_max_window_bits=11; client_max_window_bits=10",
                             {"server_no_context_takeover": True, "client_no_context_takeover": True,
                              "server_max_window_bits": 11, "client_max_window_bits": 10})

    for name, script, env, fn in (("echo", "examples/echo.php", "ECHO_SERVER_CMD", echo_checks),
                                  ("deflate", "examples/echo.php", "ECHO_SERVER_CMD", deflate_all),
                                  ("chat", "examples/chat/server.php", "CHAT_SERVER_CMD", chat_checks)):
        try:
            server = Server(script, env)
        except Exception as e:  # noqa: BLE001 - reported as a failed check
            report(f"{name} server", False, f"expected a running {script}, got {e}")
            continue
        try:
            asyncio.run(asyncio.wait_for(fn(server.port), 60))
        except Exception as e:  # noqa: BLE001 - any client error is a failed check
            report(f"{name} session", False, f"expected the checks to run, got {type(e).__name__}: {e}")
        finally:
            alive = server.alive()
            server.stop()
        if not alive:
            report(f"{name} server alive", False, f"expected {script} still running after the checks, got exit {server.proc.returncode}")
    if os.environ.get("ECHO_SERVER_CMD"):
        print("note: wss checks not run: ECHO_SERVER_CMD replaces the server (it sets up its own TLS or none)", flush=True)
    else:
        wss_checks()
    if has_pcntl():
        try:
            server = Server("examples/echo.php", "ECHO_SERVER_CMD")
            try:
                asyncio.run(asyncio.wait_for(stop_check(server), 30))
            except Exception as e:  # noqa: BLE001
                report("server stop", False, f"expected the stop check to run, got {type(e).__name__}: {e}")
            finally:
                server.stop()
        except Exception as e:  # noqa: BLE001
            report("stop server", False, f"expected a running examples/echo.php, got {e}")
    else:
        print("note: server stop check not run: php has no pcntl, so examples/echo.php cannot catch SIGTERM", flush=True)
    passed = sum(results)
    print(f"python: {passed} of {len(results)} checks passed", flush=True)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
