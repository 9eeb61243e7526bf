'use strict';
// Node's ws as a peer for bench/compare.sh, written the way its README shows, with bufferutil
// installed (ws's optional native masking, which its README recommends for performance).
//   node server.js echo|broadcast PORT [CERT KEY] [deflate:LEVEL]
// With CERT and KEY (PEM files): wss://, an https.createServer() with the WebSocketServer on it, as ws's
// README shows for TLS.
// echo: every message goes back as it came (text or binary).
// broadcast: every text message goes to every open connection, the sender included.
// Compression stays off (ws enables it on a server only when asked; wsload never offers it) unless
// deflate:LEVEL is given (bench/compare.sh --modes deflate): perMessageDeflate with ws's defaults (context
// takeover both ways, 15-bit windows, memLevel 8, threshold 1 KiB, zlib in libuv's thread pool) and that level.
const { WebSocketServer, WebSocket } = require('ws');

const mode = process.argv[2];
const port = Number(process.argv[3]);
if (!['echo', 'broadcast'].includes(mode) || !(port > 0 && port < 65536)) {
  console.error('usage: node server.js echo|broadcast PORT');
  process.exit(2);
}

const rest = process.argv.slice(4);
const deflateArg = rest.find((a) => /^deflate:[0-9]$/.test(a));
const [cert, key] = rest.filter((a) => a !== deflateArg);
const perMessageDeflate = deflateArg ? { zlibDeflateOptions: { level: Number(deflateArg.slice(8)) } } : false;
let wss;
if (cert && key) {
  const fs = require('fs');
  const https = require('https');
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
  wss = new WebSocketServer({ server, perMessageDeflate, maxPayload: 32 * 1024 * 1024, clientTracking: true });
  server.listen(port, '127.0.0.1');
} else {
  wss = new WebSocketServer({
    host: '127.0.0.1',
    port,
    perMessageDeflate,
    maxPayload: 32 * 1024 * 1024,
    clientTracking: true,
  });
}

wss.on('connection', (ws) => {
  ws.on('error', () => {});
  if (mode === 'echo') {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  } else {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
      }
    });
  }
});

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
