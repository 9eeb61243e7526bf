#!/usr/bin/python3
"""tests/supervisor/scenario.py: the chat example with 2 workers under a real supervisord, driven as an operator
would (supervisorctl stop, start, signal HUP; kill -9 of a worker), with Python `websockets` clients.

Run by tests/supervisor/run.sh, which starts supervisord (in the foreground, as its child) with a configuration
made from examples/supervisor/websocket.conf and passes, in the environment:
  WSS_CONF      that supervisord.conf (supervisorctl -c)
  WSS_PORT      the port the example listens on (127.0.0.1)
  WSS_ERRLOG    the program's stderr log (the master's "WebSocket\\Server master[pid]: notice: ..." lines)
  WSS_SUPLOG    supervisord's own log ("stopped: websocket (exit status 0)")
  WSS_STOPWAIT  the program's stopwaitsecs
  WSS_PHP       the php command line that loads the extension (for the NOTIFY_SOCKET checks, run without
                supervisord), WSS_TMP a scratch directory, WSS_ROOT the repository
Prints one line per check, "check supervisor NAME OK (...)" or "check supervisor NAME FAILED: ...". Every wait is
bounded; clients talk to 127.0.0.1 only.
"""
import asyncio
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

import websockets

CONF = os.environ["WSS_CONF"]
PORT = int(os.environ["WSS_PORT"])
ERRLOG = os.environ["WSS_ERRLOG"]
SUPLOG = os.environ["WSS_SUPLOG"]
STOPWAIT = float(os.environ["WSS_STOPWAIT"])
PHP = shlex.split(os.environ["WSS_PHP"])
TMP = os.environ["WSS_TMP"]
ROOT = os.environ["WSS_ROOT"]
PROGRAM = "websocket"
ORIGIN = "http://127.0.0.1:8000"  # one of the chat example's default origins

results = []


def report(name, ok, fail_detail, ok_detail=""):
    results.append(bool(ok))
    if ok:
        print(f"check supervisor {name} OK" + (f" ({ok_detail})" if ok_detail else ""), flush=True)
    else:
        print(f"check supervisor {name} FAILED: {fail_detail}", flush=True)


def ctl(*args, timeout=60):
    p = subprocess.run(["supervisorctl", "-c", CONF, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, (p.stdout + p.stderr).strip()


async def actl(*args, timeout=60):
    """supervisorctl without blocking the event loop: the clients keep reading (and answering close frames)."""
    return await asyncio.to_thread(ctl, *args, timeout=timeout)


def master_pid():
    _, out = ctl("pid", PROGRAM)
    return int(out) if out.isdigit() and int(out) > 0 else None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ppid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def log_text():
    try:
        with open(ERRLOG, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def workers(master):
    """{slot: pid} of the master's live workers, from its "worker N started (pid P)" lines."""
    found = {}
    for slot, pid in re.findall(rf"master\[{master}\]: notice: worker (\d+) started \(pid (\d+)\)", log_text()):
        pid = int(pid)
        if alive(pid) and ppid(pid) == master:
            found[int(slot)] = pid
    return found


async def wait_for(pred, timeout, step=0.05):
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() >= end:
            return v
        await asyncio.sleep(step)


def stop_proc(pid, sig):
    os.kill(pid, sig)
    state = "T" if sig == signal.SIGSTOP else None
    end = time.monotonic() + 5
    while state and time.monotonic() < end:  # SIGSTOP is asynchronous: wait until it is stopped
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == state:
                    return
        except OSError:
            return
        time.sleep(0.01)


_names = iter(range(1, 1000000))


class Client:
    """A chat client: joins with a nick, reads every event into msgs (never stops reading, so that a close frame
    is always seen), and records the close code."""

    def __init__(self, prefix="c"):
        self.nick = f"{prefix}{next(_names)}"
        self.ws = None
        self.worker = None
        self.msgs = []  # (monotonic time, event)
        self.done = asyncio.Event()
        self.code = None
        self.task = None

    async def open(self, timeout=5.0):
        self.ws = await websockets.connect(f"ws://127.0.0.1:{PORT}/?nick={self.nick}", origin=ORIGIN,
                                           subprotocols=["chat"], ping_interval=None, open_timeout=timeout,
                                           close_timeout=5, max_queue=None)
        first = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        if first.get("type") != "welcome":
            raise RuntimeError(f"expected a welcome event, got {first}")
        self.worker = first.get("worker")
        self.task = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for m in self.ws:
                self.msgs.append((time.monotonic(), json.loads(m)))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.code = self.ws.close_code
            self.t_closed = time.monotonic()
            self.done.set()

    def texts(self, since=0.0):
        return [(t, e["text"]) for t, e in self.msgs if e.get("type") == "message" and t >= since]

    async def say(self, text):
        await self.ws.send(json.dumps({"type": "message", "text": text}))

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
            await asyncio.wait_for(self.done.wait(), 10)


async def close_all(clients):
    await asyncio.gather(*[c.close() for c in clients], return_exceptions=True)


async def connect_on(master, slot, n):
    """n clients served by worker `slot`. Bursts of concurrent connections first; a worker they did not reach is
    then reached by holding the others with SIGSTOP while connecting (the kernel hands a connection to a worker
    waiting in epoll, and with EPOLLEXCLUSIVE an idle server gives nearly all of them to one worker).
    Returns (clients, steered)."""
    got, extra = [], []
    for _ in range(3):
        batch = [Client() for _ in range(8)]
        await asyncio.gather(*[c.open() for c in batch])
        for c in batch:
            (got if c.worker == slot and len(got) < n else extra).append(c)
        if len(got) >= n:
            break
    await close_all(extra)
    steered = 0
    if len(got) < n:
        others = [pid for s, pid in workers(master).items() if s != slot]
        try:
            for pid in others:
                stop_proc(pid, signal.SIGSTOP)
            while len(got) < n:
                c = await Client().open()
                if c.worker != slot:
                    await c.close()
                    raise RuntimeError(f"a connection reached worker {c.worker} while only worker {slot} ran")
                got.append(c)
                steered += 1
        finally:
            for pid in others:
                os.kill(pid, signal.SIGCONT)
    return got, steered


def max_gap(times, start, end):
    ts = [start] + [t for t in times if start <= t <= end] + [end]
    return max(b - a for a, b in zip(ts, ts[1:]))


async def supervised():
    master = master_pid()
    w = await wait_for(lambda: master and len(workers(master)) == 2 and workers(master), 10)
    report("the example under supervisord: a master and 2 workers", master and w and sorted(w) == [0, 1],
           f"expected supervisorctl pid and two 'worker N started' lines of live children, got master {master}, "
           f"workers {w}; log tail: {log_text()[-400:]!r}", f"master {master}, workers {w}")
    if not (master and w and sorted(w) == [0, 1]):
        return

    # Clients on both workers.
    a, sa = await connect_on(master, 0, 3)
    b, sb = await connect_on(master, 1, 3)
    ok = all(c.worker == 0 for c in a) and all(c.worker == 1 for c in b) and len(a) == len(b) == 3
    report("clients on both workers", ok, f"expected 3 clients on each worker, got {[c.worker for c in a + b]}",
           f"3 on each; steered with SIGSTOP: {sa} to worker 0, {sb} to worker 1")

    # SIGKILL worker 1: the master restarts it; worker 0's clients keep their connections and their pushes
    # (a chat message from one of them every 100 ms, which the server pushes to the others).
    victim = w[1]
    stop_push = asyncio.Event()

    async def pusher():
        i = 0
        while not stop_push.is_set():
            await a[0].say(f"push {i}")
            i += 1
            await asyncio.sleep(0.1)
        return i

    push_task = asyncio.create_task(pusher())
    await asyncio.sleep(1.0)
    t_kill = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    new = await wait_for(lambda: (lambda m: m.get(1) not in (None, victim) and m)(workers(master)), 10)
    t_up = time.monotonic()
    got_dropped = await wait_for(lambda: all(c.done.is_set() for c in b), 5)
    fresh = []
    if new:
        try:
            fresh, _ = await connect_on(master, 1, 1)
        except Exception as e:  # noqa: BLE001 - reported below
            fresh = []
            print(f"  connecting to the restarted worker: {type(e).__name__}: {e}", flush=True)
    await asyncio.sleep(1.0)
    stop_push.set()
    pushed = await push_task
    t_end = time.monotonic()
    await asyncio.sleep(0.3)
    log = log_text()
    logged = (f"worker 1 (pid {victim}) killed by signal 9" in log and "restarting worker 1 in" in log)
    report("kill -9 of a worker: the master restarts it", bool(new) and new.get(0) == w[0] and logged and fresh,
           f"expected a new live worker 1 (log: killed by signal 9, restarting) serving within 10 s, worker 0 "
           f"untouched; got workers {new}, logged {logged}, a client on the new worker: {bool(fresh)}",
           f"new pid {new.get(1) if new else None} after {t_up - t_kill:.2f} s; its clients were dropped: "
           f"{got_dropped} (close codes {sorted({c.code for c in b})})")
    survivors = a[1:]
    gaps = [max_gap([t for t, _ in c.texts()], t_kill - 0.5, t_end - 0.2) for c in survivors]
    counts = [len(c.texts(t_kill)) for c in survivors]
    open_all = all(not c.done.is_set() for c in a)
    report("the other worker's clients keep their connections and their pushes",
           open_all and max(gaps) < 1.0 and min(counts) >= 10,
           f"expected worker 0's clients open and pushed to every 100 ms throughout (no gap of 1 s), got open "
           f"{open_all}, longest gaps {[round(g, 2) for g in gaps]} s, pushes since the kill {counts}",
           f"{len(survivors)} clients, {pushed} pushes, longest gap {max(gaps) * 1000:.0f} ms")

    # supervisorctl stop: close 1001 to every client of both workers, exit status 0, well within stopwaitsecs.
    clients = a + fresh
    pids = [master] + list(workers(master).values())
    sup_before = len(open(SUPLOG, errors="replace").read())
    log_before = len(log_text())
    t0 = time.monotonic()
    rc, out = await actl("stop", PROGRAM)
    took = time.monotonic() - t0
    await wait_for(lambda: all(c.done.is_set() for c in clients), 5)
    codes = [c.code for c in clients]
    suplog = open(SUPLOG, errors="replace").read()[sup_before:]
    status = re.findall(r"stopped: websocket \(([^)]*)\)", suplog)
    gone = await wait_for(lambda: not any(alive(p) for p in pids), 5)
    report("supervisorctl stop: close 1001 to every client, exit status 0",
           rc == 0 and codes and all(c == 1001 for c in codes) and status == ["exit status 0"] and gone
           and took < STOPWAIT / 2,
           f"expected every client closed 1001, supervisord's 'stopped: websocket (exit status 0)', no process "
           f"left, within {STOPWAIT / 2:.0f} s (half of stopwaitsecs); got codes {codes}, {status}, processes "
           f"gone {gone}, {took:.2f} s, supervisorctl: {out!r}",
           f"{len(codes)} clients on 2 workers got 1001 (the last {max(c.t_closed for c in clients) - t0:.2f} s "
           f"after the stop began); {status[0] if status else ''}; supervisorctl stop took {took:.2f} s "
           f"(stopwaitsecs {STOPWAIT:.0f})")
    # One stop signal (stopasgroup: the master and each worker get it, and the master also tells each worker to
    # stop) must stay one graceful stop: a worker must not take it for a second SIGTERM and close at once.
    again = re.findall(r"WebSocket\\Server: \w+: SIG\w+ again: [^\n]*", log_text()[log_before:])
    report("one supervisorctl stop is one graceful stop in every worker", not again,
           f"expected no worker to close its connections at once after a single SIGTERM to the group, got {again}",
           "no 'SIGTERM again' in any worker")

    # supervisorctl start: serves again.
    rc, out = await actl("start", PROGRAM)
    master2 = master_pid()
    w2 = await wait_for(lambda: master2 and len(workers(master2)) == 2 and workers(master2), 10)
    echo = None
    try:
        c = await Client().open()
        await c.say("hello again")
        await wait_for(lambda: c.texts(), 5)
        echo = c.texts()[0][1] if c.texts() else None
        await c.close()
    except Exception as e:  # noqa: BLE001 - reported below
        echo = f"{type(e).__name__}: {e}"
    report("supervisorctl start: serves again", rc == 0 and w2 and echo == "hello again",
           f"expected RUNNING with 2 workers and a chat message back, got {out!r}, workers {w2}, {echo!r}",
           f"master {master2}, workers {w2}")
    if not w2:
        return

    # supervisorctl signal HUP: every worker replaced, one at a time; their clients get 1012; a client connecting
    # in a loop throughout (four of them at once) is served every time.
    old = [c for s in (0, 1) for c in (await connect_on(master2, s, 2))[0]]
    log_mark = len(log_text())
    stop_loop = asyncio.Event()
    attempts, failures, lat, moved = [0], [], [], [0]

    async def connector():
        # Served: the handshake answered 101 and the welcome came (5 s each at most, else it hung). Then its own
        # message must come back, unless the worker it reached is the one draining: close 1012 before that is
        # the reload working as documented (reconnect), counted apart.
        while not stop_loop.is_set():
            t = time.monotonic()
            attempts[0] += 1
            c = Client("r")
            try:
                await c.open(timeout=5)
                text = f"loop {c.nick}"
                await c.say(text)
                if not await wait_for(lambda: any(x == text for _, x in c.texts()) or c.done.is_set(), 5, 0.005):
                    raise RuntimeError("no broadcast of its own message within 5 s")
                if c.done.is_set() and not any(x == text for _, x in c.texts()):
                    if c.code != 1012:
                        raise RuntimeError(f"closed {c.code} before its own message came back")
                    moved[0] += 1
                await c.close()
                lat.append(time.monotonic() - t)
            except Exception as e:  # noqa: BLE001 - counted
                if isinstance(e, websockets.ConnectionClosed) and c.worker is not None and c.ws.close_code == 1012:
                    moved[0] += 1
                    continue
                failures.append(f"{type(e).__name__}: {e}")
                if c.ws is not None:
                    c.ws.transport.abort()

    loops = [asyncio.create_task(connector()) for _ in range(4)]
    await asyncio.sleep(0.5)
    rc, out = await actl("signal", "HUP", PROGRAM)
    replaced = await wait_for(lambda: "reload: every worker replaced" in log_text()[log_mark:], 30)
    await asyncio.sleep(0.5)
    stop_loop.set()
    await asyncio.gather(*loops)
    w3 = workers(master2)
    await wait_for(lambda: all(c.done.is_set() for c in old), 10)
    old_codes = [c.code for c in old]
    old_gone = await wait_for(lambda: not any(alive(p) for p in w2.values()), 10)
    ok = (rc == 0 and replaced and sorted(w3) == [0, 1] and not set(w3.values()) & set(w2.values()) and old_gone
          and all(c == 1012 for c in old_codes))
    report("supervisorctl signal HUP: every worker replaced, their clients get 1012", ok,
           f"expected 'reload: every worker replaced', new pids for both slots, the old ones gone, close 1012 to "
           f"their clients; got {out!r}, replaced {bool(replaced)}, workers {w2} -> {w3}, old gone {old_gone}, "
           f"codes {old_codes}", f"workers {w2} -> {w3}; {len(old)} clients got 1012")
    lat.sort()
    report("during the reload every connection is served (no refusal, no hang)",
           not failures and attempts[0] >= 20,
           f"expected every one of the connections (open, join, own message back, close) to succeed, got "
           f"{len(failures)} failures of {attempts[0]}: {sorted(set(failures))[:5]}",
           f"{attempts[0]} connections by 4 looping clients, {moved[0]} of them reached a draining worker and got "
           f"1012 after being served; slowest {lat[-1] * 1000 if lat else 0:.0f} ms, "
           f"median {lat[len(lat) // 2] * 1000 if lat else 0:.1f} ms")

    # A client far away sends its upgrade request a round trip after its TCP connection. If the worker that
    # accepted it is told to drain meanwhile, the request must still be answered (101, or at worst an HTTP error
    # status), not met by a closed connection. Held on worker 0 (worker 1 stopped while it connects), then a
    # reload; the request goes once worker 0's replacement serves, i.e. once the old one drains.
    w4 = workers(master2)
    answer = "not run"
    if sorted(w4) == [0, 1]:
        stop_proc(w4[1], signal.SIGSTOP)
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", PORT), 5)
            await asyncio.sleep(0.2)  # accepted by worker 0, the only one running
        finally:
            os.kill(w4[1], signal.SIGCONT)
        mark = len(log_text())
        await actl("signal", "HUP", PROGRAM)
        await wait_for(lambda: re.search(r"worker 0 started \(pid \d+\)", log_text()[mark:]), 10)
        await asyncio.sleep(0.3)
        try:
            writer.write(b"GET /?nick=far HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: "
                         + ORIGIN.encode() + b"\r\n\r\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), 8)
            answer = line.decode(errors="replace").strip() if line else "closed without a response"
        except Exception as e:  # noqa: BLE001 - reported
            answer = f"{type(e).__name__}: {e}"
        writer.transport.abort()
        await wait_for(lambda: log_text()[mark:].count("reload: every worker replaced"), 20)
    report("a connection still in its handshake when its worker drains is answered",
           answer.startswith("HTTP/1.1 "),
           f"expected an HTTP status line (101, or 503) for an upgrade request sent after the worker that accepted "
           f"the connection began to drain (SIGHUP), got {answer!r}", answer)


def notify_check(workers_n):
    """NOTIFY_SOCKET: READY=1 once the server serves (every worker), STOPPING=1 when SIGTERM begins the stop."""
    name = f"NOTIFY_SOCKET, {workers_n} worker(s)" if workers_n > 1 else "NOTIFY_SOCKET, one process"
    path = os.path.join(TMP, f"notify-{workers_n}.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(10)
    env = dict(os.environ, NOTIFY_SOCKET=path, WS_WORKERS=str(workers_n))
    proc = subprocess.Popen(PHP + [os.path.join(ROOT, "examples/chat/server.php"), "0"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    got, served, rc = [], None, None
    try:
        line = proc.stdout.readline()
        port = int(line.split()[1]) if line.startswith("READY ") else None
        try:
            got.append(sock.recv(256).decode())
            # Serving at once: a connection made right after READY=1 is answered.
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            c.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      b"Origin: " + ORIGIN.encode() + b"\r\n\r\n")
            served = c.recv(64).split(b"\r\n")[0].decode()
            c.close()
            proc.send_signal(signal.SIGTERM)
            got.append(sock.recv(256).decode())
        except (socket.timeout, OSError, TypeError) as e:
            got.append(f"<{type(e).__name__}>")
        rc = proc.wait(15)
    except subprocess.TimeoutExpired:
        rc = "still running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()
    report(name, got == ["READY=1", "STOPPING=1"] and served == "HTTP/1.1 101 Switching Protocols" and rc == 0,
           f"expected READY=1, a connection then answered 101, STOPPING=1 on SIGTERM and exit 0; got {got}, "
           f"{served!r}, exit {rc}", f"{' then '.join(got)}; answered {served!r} right after READY=1")


def main():
    try:
        asyncio.run(asyncio.wait_for(supervised(), 150))
    except Exception as e:  # noqa: BLE001 - any error is a failed check
        report("scenario", False, f"expected the scenario to run to its end, got {type(e).__name__}: {e}")
    for n in (2, 1):
        try:
            notify_check(n)
        except Exception as e:  # noqa: BLE001
            report(f"NOTIFY_SOCKET ({n})", False, f"expected the check to run, got {type(e).__name__}: {e}")
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
