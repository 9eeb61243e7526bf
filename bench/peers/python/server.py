"""Python websockets (Debian's python3-websockets, asyncio) as a peer for bench/compare.sh.

    /usr/bin/python3 server.py echo|broadcast PORT

echo: every message goes back as it came (text or binary).
broadcast: every text message goes to every open connection, the sender included
(websockets.broadcast, the library's own fan-out).
Compression is off (the library offers permessage-deflate by default; wsload never asks for it).
"""
import asyncio
import signal
import sys

import websockets


async def main(mode, port):
    clients = set()

    async def echo(ws, *_):
        async for msg in ws:
            await ws.send(msg)

    async def fanout(ws, *_):
        clients.add(ws)
        try:
            async for msg in ws:
                if isinstance(msg, str):
                    websockets.broadcast(clients, msg)
        finally:
            clients.discard(ws)

    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(echo if mode == "echo" else fanout, "127.0.0.1", port,
                                compression=None, max_size=32 * 1024 * 1024, max_queue=None):
        await stop


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("echo", "broadcast") or not sys.argv[2].isdigit():
        sys.exit("usage: server.py echo|broadcast PORT")
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
