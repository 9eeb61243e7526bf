'use strict';
// Handler mode (websocket:serve --mode=both): the app's App\WebSocket\ChatHandler on /ws, authenticated at
// handshake time from the Laravel session cookie (401 without a user, 403 when authorize() says no), each
// callback run with its own connection's user and fresh scoped instances; the Pusher protocol on the same port.
// Env: APP_URL, WS_PORT.
const WebSocket = require('ws');
const { reporter, session, waitFor } = require('./lib');

const WS = Number(process.env.WS_PORT);
const r = reporter('handler');

function open(headers, query = '') {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${WS}/ws${query}`, { headers });
    const msgs = [];
    ws.on('message', (d) => msgs.push(d.toString()));
    ws.on('open', () => resolve({ ws, msgs, status: 101 }));
    ws.on('unexpected-response', (req, res) => { resolve({ ws: null, msgs, status: res.statusCode }); req.destroy(); });
    ws.on('error', (e) => resolve({ ws: null, msgs, status: 'error ' + e.message }));
    setTimeout(() => resolve({ ws: null, msgs, status: 'timeout' }), 5000);
  });
}

async function ask(c, text) {
  const n = c.msgs.length;
  c.ws.send(text);
  await waitFor(() => c.msgs.length > n, 5000);
  return c.msgs.length > n ? JSON.parse(c.msgs[n]) : null;
}

(async () => {
  const ann = await session(1);
  const bob = await session(2);
  const banned = await session(3);

  const none = await open({});
  r.report('no session cookie: 401 before the upgrade', none.status === 401, `got ${none.status}`);
  const forged = await open({ Cookie: 'laravel-session=eyJpdiI6ImZvcmdlZCJ9' });
  r.report('a cookie that does not decrypt: 401', forged.status === 401, `got ${forged.status}`);
  const b3 = await open({ Cookie: banned.cookie() });
  r.report('authorize() false: 403 before the upgrade', b3.status === 403, `got ${b3.status}`);

  const a = await open({ Cookie: ann.cookie() }, '?room=ann');
  const b = await open({ Cookie: bob.cookie() }, '?room=bob');
  r.report('session cookie: upgraded', a.status === 101 && b.status === 101, `ann ${a.status}, bob ${b.status}`);
  if (a.ws && b.ws) {
    await waitFor(() => a.msgs.length && b.msgs.length);
    r.report('onOpen gets the user of the session', a.msgs[0] === 'hello Ann' && b.msgs[0] === 'hello Bob', JSON.stringify([a.msgs[0], b.msgs[0]]));
    a.msgs.length = 0;
    b.msgs.length = 0;
    const replies = [];
    for (const [c, text] of [[a, 'a1'], [b, 'b1'], [a, 'a2'], [b, 'b2']]) {
      replies.push(await ask(c, text));
    }
    const want = [1, 2, 1, 2];
    r.report('each callback sees its own connection\'s user (Auth::id())',
      replies.every((x, i) => x && x.auth_id === want[i] && x.conn_user === want[i]), JSON.stringify(replies));
    const rooms = ['ann', 'bob', 'ann', 'bob'];
    r.report('the request bound in a callback is the connection\'s handshake (request(), the Request facade, url())',
      replies.every((x, i) => x && x.path === 'ws' && x.room === rooms[i] && x.facade_room === rooms[i] && x.url.endsWith('/ws')),
      JSON.stringify(replies.map((x) => x && [x.path, x.room, x.facade_room, x.url])));
    r.report('scoped instances are fresh in every callback', replies.every((x) => x && x.scoped_hits === 1), JSON.stringify(replies.map((x) => x && x.scoped_hits)));
    const s = replies.map((x) => x && x.singleton_hits);
    r.report('the handler and its singletons live on (resolved once)', s.every((v, i) => i === 0 || v === s[i - 1] + 1), JSON.stringify(s));
    a.ws.close();
    b.ws.close();
  }

  // Sanctum personal access tokens: a header (Node) or ?token= (a browser cannot set headers on a WebSocket)
  const tok = async (id) => (await (await fetch(`${process.env.APP_URL}/test/token/${id}`)).json()).token;
  const bobTok = await tok(2);
  const annTok = await tok(1);
  const tb = await open({ Authorization: `Bearer ${bobTok}` });
  await waitFor(() => tb.msgs.length);
  r.report('Sanctum token in Authorization: Bearer', tb.status === 101 && tb.msgs[0] === 'hello Bob', `${tb.status} ${tb.msgs[0]}`);
  const ta = await new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${WS}/ws?token=${encodeURIComponent(annTok)}`);
    ws.on('message', (d) => { resolve(d.toString()); ws.close(); });
    ws.on('unexpected-response', (req, res) => resolve(`status ${res.statusCode}`));
    ws.on('error', (e) => resolve(e.message));
  });
  r.report('Sanctum token in ?token=', ta === 'hello Ann', ta);
  const tbad = await open({ Authorization: `Bearer ${bobTok.split('|')[0]}|wrong` });
  r.report('a wrong Sanctum token: 401', tbad.status === 401, `got ${tbad.status}`);
  if (tb.ws) tb.ws.close();

  // the Pusher protocol on the same port
  const p = await new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${WS}/app/app-key?protocol=7&client=js&version=8.6.0&flash=false`);
    ws.on('message', (d) => { resolve(JSON.parse(d.toString())); ws.close(); });
    ws.on('error', (e) => resolve({ error: e.message }));
    setTimeout(() => resolve({ error: 'timeout' }), 5000);
  });
  r.report('both modes on one port: /app/{key} speaks Pusher', p.event === 'pusher:connection_established', JSON.stringify(p));
  process.exit(0);
})().catch((e) => { console.log(`check handler run FAILED: ${e.stack}`); process.exit(1); });
