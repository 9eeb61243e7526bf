'use strict';
// Interop: the `ws` npm client (a client nobody here wrote) against ext-websocket.
// Starts examples/echo.php (and examples/chat/server.php for a server-started close)
// on a free 127.0.0.1 port, prints one line per check, stops the servers.
const crypto = require('crypto');
const WebSocket = require('ws');
const { startEcho, startChat, CHAT_ORIGIN, reporter, within, makeTlsFiles } = require('./servers');

const r = reporter('node-ws');

// Resolves with the next message as { data, isBinary }.
function nextMessage(ws, ms = 5000) {
  return within(ms, new Promise((resolve, reject) => {
    const onMsg = (data, isBinary) => { cleanup(); resolve({ data, isBinary }); };
    const onClose = (code) => { cleanup(); reject(new Error(`connection closed (${code}) instead of a message`)); };
    const cleanup = () => { ws.off('message', onMsg); ws.off('close', onClose); };
    ws.on('message', onMsg);
    ws.on('close', onClose);
  }), 'message');
}

function opened(ws) {
  return within(5000, new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  }), 'open');
}

function closed(ws, ms = 5000) {
  return within(ms, new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))), 'close');
}

// tls: { ca } to run the same checks over wss:// (check names prefixed "wss ").
async function echoChecks(port, tls = null) {
  const rep = (name, ...a) => r.report((tls ? 'wss ' : '') + name, ...a);
  const ws = tls
    ? new WebSocket(`wss://localhost:${port}/`, ['chat'], { maxPayload: 4 << 20, ca: require('fs').readFileSync(tls.ca) })
    : new WebSocket(`ws://127.0.0.1:${port}/`, ['chat'], { maxPayload: 4 << 20 });
  ws.on('error', () => {});
  await opened(ws);
  if (tls) {
    const sock = ws._socket;
    rep('tls', sock && sock.encrypted && ['TLSv1.3', 'TLSv1.2'].includes(sock.getProtocol()) && sock.alpnProtocol !== 'h2',
      `expected a TLS 1.2/1.3 socket, got ${sock && sock.getProtocol()}`, sock && `${sock.getProtocol()}, ${sock.getCipher().name}`);
  }
  rep('subprotocol', ws.protocol === 'chat', `expected 'chat', got '${ws.protocol}'`);

  const text = 'Hello, κόσμε 𝄞 €';
  ws.send(text);
  let m = await nextMessage(ws);
  rep('text', !m.isBinary && m.data.toString('utf8') === text, `expected text '${text}', got ${m.isBinary ? 'binary' : 'text'} '${m.data.toString().slice(0, 80)}'`);

  const bin = Buffer.from(Array.from({ length: 1024 }, (_, i) => i & 0xff));
  ws.send(bin);
  m = await nextMessage(ws);
  rep('binary', m.isBinary && Buffer.compare(m.data, bin) === 0, `expected 1024 binary bytes, got ${m.isBinary ? 'binary' : 'text'} of ${m.data.length}`);

  const bigText = '0123456789abcdef'.repeat(65536);
  let t0 = process.hrtime.bigint();
  ws.send(bigText);
  m = await nextMessage(ws, 20000);
  let ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rep('text 1 MiB', !m.isBinary && m.data.toString('utf8') === bigText, `expected the same text of ${bigText.length} bytes, got ${m.isBinary ? 'binary' : 'text'} of ${m.data.length}`, `${ms.toFixed(1)} ms`);

  const bigBin = crypto.randomBytes(1 << 20);
  t0 = process.hrtime.bigint();
  ws.send(bigBin);
  m = await nextMessage(ws, 20000);
  ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rep('binary 1 MiB', m.isBinary && Buffer.compare(m.data, bigBin) === 0, `expected the same ${bigBin.length} binary bytes, got ${m.isBinary ? 'binary' : 'text'} of ${m.data.length}`, `${ms.toFixed(1)} ms`);

  // A fragmented message: ws sends each part as a frame, fin on the last.
  ws.send('frag-1 κό', { fin: false });
  ws.send('σμε ', { fin: false });
  ws.send('frag-3', { fin: true });
  m = await nextMessage(ws);
  rep('fragmented', !m.isBinary && m.data.toString('utf8') === 'frag-1 κόσμε frag-3', `expected 'frag-1 κόσμε frag-3', got '${m.data.toString().slice(0, 80)}'`);

  // 1000 small messages pipelined: all echoed, in order.
  const got = [];
  const all = within(10000, new Promise((resolve) => {
    const onMsg = (data, isBinary) => { got.push([isBinary, data.toString()]); if (got.length === 1000) { ws.off('message', onMsg); resolve(); } };
    ws.on('message', onMsg);
  }), '1000 echoes');
  for (let i = 0; i < 1000; i++) ws.send(i % 2 ? `msg ${i}` : Buffer.from(`msg ${i}`));
  try {
    await all;
    const bad = got.findIndex(([isBinary, s], i) => isBinary !== !(i % 2) || s !== `msg ${i}`);
    rep('1000 messages', bad < 0, `expected 1000 echoes in order, got ${JSON.stringify(got[bad])} at ${bad}`);
  } catch (e) {
    rep('1000 messages', false, `expected 1000 echoes, got ${got.length}: ${e.message}`);
  }

  const pong = within(5000, new Promise((resolve) => ws.once('pong', resolve)), 'pong');
  t0 = process.hrtime.bigint();
  ws.ping(Buffer.from('node-ping'));
  try {
    const data = await pong;
    rep('ping', data.toString() === 'node-ping', `expected a pong with 'node-ping', got '${data.toString()}'`, `pong after ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)} ms`);
  } catch (e) {
    rep('ping', false, `expected a pong within 5 s, got ${e.message}`);
  }

  // Client-started close: ws reports the code and reason of the server's Close frame.
  const c = closed(ws);
  ws.close(4002, 'bye from node');
  const { code, reason } = await c;
  rep('close', code === 4002 && (reason === '' || reason === 'bye from node'),
    `expected the server's Close to echo 4002 (reason empty or echoed), got ${code} '${reason}'`, `server replied ${code} '${reason}'`);
}

// Compressible payloads: JSON-like text (valid UTF-8 at any length: ASCII) and binary with repeats.
function jsonText(n) {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `{"id":${i},"user":"user${i % 7}","text":"hello κόσμε ${i % 13}"}\n`;
  return Buffer.from(s).subarray(0, n).toString('latin1').replace(/[^\x00-\x7f]/g, '*');
}
function repeatingBinary(n) {
  const block = crypto.randomBytes(4096);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 4096) block.copy(b, i, 0, Math.min(4096, n - i));
  return b;
}

// permessage-deflate (RFC 7692): ws offers it by default ("permessage-deflate; client_max_window_bits");
// the server answers no context takeover both ways. Text and binary from 1 byte to 4 MiB round-trip, and
// the bytes on the socket show the server's messages arrived compressed.
async function deflateChecks(port, label, options, expectParams) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, ['chat'], { maxPayload: 8 << 20, ...options });
  ws.on('error', () => {});
  await opened(ws);
  const pmd = ws._extensions['permessage-deflate'];
  const params = pmd ? pmd.params : null;
  r.report(`${label} negotiated`, ws.extensions === 'permessage-deflate' && JSON.stringify(params) === JSON.stringify(expectParams),
    `expected permessage-deflate with ${JSON.stringify(expectParams)}, got '${ws.extensions}' with ${JSON.stringify(params)}`,
    JSON.stringify(params));
  const sizes = [1, 100, 1023, 1024, 65536, 1 << 20, 4 << 20];
  let bad = '';
  let wire = 0;
  let plain = 0;
  for (const n of sizes) {
    for (const binary of [false, true]) {
      const data = binary ? repeatingBinary(n) : jsonText(n);
      const before = ws._socket.bytesRead;
      ws.send(data, { binary });
      const m = await nextMessage(ws, 30000);
      const same = binary ? m.isBinary && Buffer.compare(m.data, data) === 0 : !m.isBinary && m.data.toString('utf8') === data;
      if (!same && !bad) bad = `${binary ? 'binary' : 'text'} of ${n} bytes came back as ${m.isBinary ? 'binary' : 'text'} of ${m.data.length}`;
      if (n >= 65536 && !binary) { // JSON text compresses with any window; the 4 KiB repeats need more than 10 bits
        wire += ws._socket.bytesRead - before;
        plain += n;
      }
    }
  }
  r.report(`${label} round trips 1 B..4 MiB`, !bad, `expected every text and binary message echoed, got ${bad}`);
  r.report(`${label} compressed on the wire`, wire < plain / 4, `expected the server's large text messages compressed (under a quarter of ${plain} bytes on the wire), got ${wire}`,
    `${plain} bytes of text in ${wire} bytes`);
  const c = closed(ws);
  ws.close(1000);
  await c;
}

async function chatCloseCheck(port) {
  // A nick that cannot be used: the chat server sends an error and closes with 1008 'bad nick'.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?nick=%20`, ['chat'], { origin: CHAT_ORIGIN });
  ws.on('error', () => {});
  const msgs = [];
  ws.on('message', (d) => msgs.push(d.toString()));
  const { code, reason } = await closed(ws);
  r.report('server close', code === 1008 && reason === 'bad nick' && msgs.some((s) => s.includes('"error"')),
    `expected an error message then close 1008 'bad nick', got ${JSON.stringify(msgs).slice(0, 120)} then ${code} '${reason}'`, `close ${code} '${reason}'`);
}

async function withServer(name, start, fn) {
  let server;
  try {
    server = await start();
  } catch (e) {
    r.report(`${name} server`, false, `expected a running server, got ${e.message}`);
    return;
  }
  try {
    await within(60000, fn(server.port), `${name} checks`);
  } catch (e) {
    r.report(`${name} session`, false, `expected the checks to run, got ${e.message}`);
  } finally {
    const alive = server.proc.exitCode === null && server.proc.signalCode === null;
    await server.stop();
    if (!alive) r.report(`${name} server alive`, false, `expected the server still running after the checks, got exit ${server.proc.exitCode}`);
  }
}

(async () => {
  await withServer('echo', startEcho, echoChecks);
  let tls = null;
  try {
    if (process.env.ECHO_SERVER_CMD) throw new Error('skip');
    tls = makeTlsFiles();
  } catch (e) {
    if (e.message === 'skip') console.log('note: wss checks not run: ECHO_SERVER_CMD replaces the server');
    else r.report('wss certificates', false, `expected openssl to make a test certificate, got ${e.message}`);
  }
  if (tls) await withServer('wss echo', () => startEcho(tls.env), (port) => echoChecks(port, tls));
  await withServer('deflate', startEcho, async (port) => {
    await deflateChecks(port, 'deflate', {}, { server_no_context_takeover: true, client_no_context_takeover: true });
    await deflateChecks(port, 'deflate windows', { perMessageDeflate: { serverMaxWindowBits: 10, clientMaxWindowBits: 9 } },
      { server_no_context_takeover: true, client_no_context_takeover: true, server_max_window_bits: 10, client_max_window_bits: 9 });
  });
  await withServer('chat', startChat, chatCloseCheck);
  process.exit(r.finish());
})();
