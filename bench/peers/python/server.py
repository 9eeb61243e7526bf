"""Python websockets (Debian's python3-websockets, asyncio) as a peer for bench/compare.sh.

    /usr/bin/python3 server.py echo|broadcast PORT [deflate:LEVEL]

echo: every message goes back as it came (text or binary).
broadcast: every text message goes to every open connection, the sender included
(websockets.broadcast, the library's own fan-out).
Compression is off (the library offers permessage-deflate by default; wsload never asks for it) unless
deflate:LEVEL is given (bench/compare.sh --modes deflate): the library's own default permessage-deflate
settings (server_max_window_bits 12, client_max_window_bits 12, memLevel 5, context takeover) at that level.
"""
import asyncio
import signal
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def main(mode, port, level):
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
    extensions = None
    if level is not None:
        extensions = [ServerPerMessageDeflateFactory(server_max_window_bits=12, client_max_window_bits=12,
                                                     compress_settings={"memLevel": 5, "level": level})]
    async with websockets.serve(echo if mode == "echo" else fanout, "127.0.0.1", port, extensions=extensions,
                                compression=None, max_size=32 * 1024 * 1024, max_queue=None):
        await stop


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("echo", "broadcast") or not sys.argv[2].isdigit() or (
            len(sys.argv) == 4 and not (sys.argv[3].startswith("deflate:") and sys.argv[3][8:].isdigit())):
        sys.exit("usage: server.py echo|broadcast PORT [deflate:LEVEL]")
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3][8:]) if len(sys.argv) == 4 else None))
