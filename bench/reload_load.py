#!/usr/bin/python3
"""bench/reload_load.py: clients echoing and connecting throughout while SIGHUP replaces a server's workers.

    /usr/bin/python3 bench/reload_load.py --port P --master PID [--clients 100] [--connectors 4]
                                          [--reloads 3] [--interval 3] [--size 64]

Against examples/echo.php (or any echo server) with workers, on 127.0.0.1. Each of --clients connections sends a
--size message, waits for it to come back, and sends the next (one in flight); a close 1012 (the worker it is on
is being replaced) makes it reconnect at once. Each of --connectors loops: connect, one echo, close. After 2 s
the master gets SIGHUP, --reloads times, --interval seconds apart; 2 s after the last the run ends.

Counted: refused (the connection refused, reset or closed before the handshake's answer, or answered other
than 101), stranded (no answer to the handshake, or no echo, within 5 s), unexpected closes (any code but 1012),
the 1012 closes and reconnections, and the longest pause any client saw: the longest time between two echoes
of one echoing client, reconnection included (and the slowest connect + echo of a connector). Prints one line
"reload key=value ..." (and a "#" line for people). Exit status 1 if anything was refused or stranded.
"""
import argparse
import asyncio
import os
import signal
import sys
import time

import websockets

STALL = 5.0


class Stats:
    def __init__(self):
        self.echoes = 0
        self.connects = 0
        self.refused = 0
        self.stranded = 0
        self.unexpected = 0
        self.moved = 0
        self.max_pause = 0.0
        self.max_connect = 0.0
        self.errors = {}

    def err(self, kind, e):
        setattr(self, kind, getattr(self, kind) + 1)
        key = f"{kind}: {type(e).__name__}: {str(e)[:80]}"
        self.errors[key] = self.errors.get(key, 0) + 1


async def open_ws(port, st):
    """A connection, or None after counting why not."""
    try:
        return await websockets.connect(f"ws://127.0.0.1:{port}/", open_timeout=STALL, close_timeout=2,
                                        ping_interval=None, max_queue=None, compression=None)
    except asyncio.TimeoutError as e:
        st.err("stranded", e)
    except (OSError, websockets.InvalidHandshake, websockets.ConnectionClosed, EOFError) as e:
        st.err("refused", e)
    return None


async def echo_client(port, st, stop, payload):
    last = time.monotonic()
    while not stop.is_set():
        ws = await open_ws(port, st)
        if ws is None:
            await asyncio.sleep(0.01)
            continue
        try:
            while not stop.is_set():
                await ws.send(payload)
                reply = await asyncio.wait_for(ws.recv(), STALL)
                if reply != payload:
                    raise RuntimeError("echo mismatch")
                now = time.monotonic()
                st.max_pause = max(st.max_pause, now - last)
                last = now
                st.echoes += 1
        except websockets.ConnectionClosed:
            if ws.close_code == 1012:
                st.moved += 1
            else:
                st.err("unexpected", RuntimeError(f"closed {ws.close_code} {ws.close_reason!r}"))
        except asyncio.TimeoutError as e:
            st.err("stranded", e)
        except Exception as e:  # noqa: BLE001 - counted
            st.err("unexpected", e)
        finally:
            ws.transport.abort()


async def connector(port, st, stop, payload):
    while not stop.is_set():
        t = time.monotonic()
        ws = await open_ws(port, st)
        if ws is None:
            await asyncio.sleep(0.01)
            continue
        try:
            await ws.send(payload)
            if await asyncio.wait_for(ws.recv(), STALL) != payload:
                raise RuntimeError("echo mismatch")
            st.connects += 1
            st.max_connect = max(st.max_connect, time.monotonic() - t)
            await asyncio.wait_for(ws.close(), STALL)
        except websockets.ConnectionClosed:
            if ws.close_code == 1012:
                st.moved += 1
            else:
                st.err("unexpected", RuntimeError(f"closed {ws.close_code} {ws.close_reason!r}"))
        except asyncio.TimeoutError as e:
            st.err("stranded", e)
        except Exception as e:  # noqa: BLE001 - counted
            st.err("unexpected", e)
        finally:
            ws.transport.abort()


async def main(a):
    st = Stats()
    stop = asyncio.Event()
    payload = os.urandom(a.size)
    tasks = [asyncio.create_task(echo_client(a.port, st, stop, payload)) for _ in range(a.clients)]
    tasks += [asyncio.create_task(connector(a.port, st, stop, payload)) for _ in range(a.connectors)]
    await asyncio.sleep(2)
    t0 = time.monotonic()
    for i in range(a.reloads):
        os.kill(a.master, signal.SIGHUP)
        await asyncio.sleep(a.interval)
    await asyncio.sleep(max(0.0, 2 - a.interval))
    elapsed = time.monotonic() - t0 + 2
    stop.set()
    await asyncio.wait(tasks, timeout=STALL + 5)
    ok = st.refused == 0 and st.stranded == 0
    print(f"reload ok={int(ok)} clients={a.clients} connectors={a.connectors} reloads={a.reloads} "
          f"interval_s={a.interval} echoes={st.echoes} connects={st.connects} refused={st.refused} "
          f"stranded={st.stranded} unexpected_closes={st.unexpected} moved_1012={st.moved} "
          f"max_pause_ms={st.max_pause * 1000:.1f} max_connect_ms={st.max_connect * 1000:.1f} "
          f"echoes_per_s={st.echoes / elapsed:.0f}", flush=True)
    print(f"# {st.echoes} echoes and {st.connects} connect+echo+close cycles while {a.reloads} reloads replaced "
          f"the workers: {st.refused} refused, {st.stranded} stranded, {st.unexpected} unexpected closes, "
          f"{st.moved} moved by 1012; longest pause {st.max_pause * 1000:.0f} ms", flush=True)
    for k, n in sorted(st.errors.items(), key=lambda kv: -kv[1])[:10]:
        print(f"#   {n} x {k}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--master", type=int, required=True)
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--connectors", type=int, default=4)
    p.add_argument("--reloads", type=int, default=3)
    p.add_argument("--interval", type=float, default=3.0)
    p.add_argument("--size", type=int, default=64)
    sys.exit(asyncio.run(main(p.parse_args())))
