'use strict';
// Broadcasting mode against `php artisan websocket:serve`: the real laravel-echo + pusher-js in Node, events from
// the Laravel app (an HTTP request, artisan), toOthers(), private channel auth, presence with two tabs of one
// user and two users, whispers. Env: APP_URL, WS_PORT, APP_DIR.
const { spawnSync } = require('child_process');
const { loadEcho, reporter, sleep, waitFor, session, echo, subscribed } = require('./lib');

const WS = Number(process.env.WS_PORT);
const r = reporter('echo-node');

async function publicEvents(ann) {
  const a = echo(WS, ann);
  const b = echo(WS, ann);
  try {
    const sa = await a.connected();
    await b.connected();
    r.report('socket_id is node.conn', /^\d+\.\d+$/.test(sa || ''), `got ${sa}`);
    const got = { a: [], b: [] };
    const ca = a.channel('orders').listen('OrderShipped', (e) => got.a.push(e.id));
    const cb = b.channel('orders').listen('OrderShipped', (e) => got.b.push(e.id));
    await Promise.all([subscribed(ca), subscribed(cb)]);

    const res = await ann.get('/test/fire?channel=orders&id=7');
    r.report('event from an HTTP request reaches Echo', res.status === 200 && await waitFor(() => got.a.includes(7) && got.b.includes(7)),
      `status ${res.status}, a=${JSON.stringify(got.a)} b=${JSON.stringify(got.b)}`);

    const art = spawnSync('php', ['artisan', 'test:fire', 'orders', '8'], { cwd: process.env.APP_DIR, encoding: 'utf8', timeout: 30000 });
    r.report('event from artisan reaches Echo', art.status === 0 && await waitFor(() => got.a.includes(8) && got.b.includes(8)),
      `artisan exit ${art.status} ${art.stderr}, a=${JSON.stringify(got.a)}`);

    // toOthers(): the request carries A's socket id (X-Socket-ID, as Echo's axios interceptor sends it)
    const res2 = await ann.get('/test/fire?channel=orders&id=9&others=1', { 'X-Socket-ID': a.socketId() });
    const bGot = await waitFor(() => got.b.includes(9));
    await sleep(400);
    r.report('toOthers() leaves the sender out', res2.status === 200 && bGot && !got.a.includes(9),
      `b got it: ${bGot}, a got it: ${got.a.includes(9)}`);
  } finally {
    a.disconnect();
    b.disconnect();
  }
}

async function privateChannels(ann, bob, guest) {
  const a = echo(WS, ann);
  const b = echo(WS, bob);
  const g = echo(WS, guest);
  const forged = echo(WS, null, {
    authorizer: () => ({ authorize: (sid, cb) => cb(null, { auth: 'app-key:' + 'ab'.repeat(32) }) }),
  });
  try {
    await Promise.all([a.connected(), b.connected(), g.connected(), forged.connected()]);
    const got = [];
    const ca = a.private('orders.1').listen('OrderShipped', (e) => got.push(e.id));
    let ok = true;
    try { await subscribed(ca); } catch (e) { ok = e.message; }
    r.report('private channel: the owner subscribes', ok === true, ok);

    for (const [name, client] of [['another user', b], ['a guest', g]]) {
      let err = null;
      try { await subscribed(client.private('orders.1')); } catch (e) { err = e.message; }
      r.report(`private channel: ${name} is refused by /broadcasting/auth`, err !== null && /403|401/.test(err), `got ${err}`);
    }

    const fgot = [];
    forged.private('orders.1').listen('OrderShipped', (e) => fgot.push(e.id));
    const e4009 = await waitFor(() => forged.errors.find((e) => e && e.data && e.data.code === 4009));
    r.report('private channel: a forged signature gets pusher:error 4009', !!e4009, JSON.stringify(forged.errors));

    await ann.get('/test/fire?channel=private-orders.1&id=11');
    const delivered = await waitFor(() => got.includes(11));
    await sleep(300);
    r.report('private channel: events reach the owner only', delivered && fgot.length === 0, `owner ${JSON.stringify(got)}, forged ${JSON.stringify(fgot)}`);
    r.report('private channel: the connection stays open after a refusal',
      forged.connector.pusher.connection.state === 'connected', forged.connector.pusher.connection.state);
  } finally {
    for (const c of [a, b, g, forged]) c.disconnect();
  }
}

/** Presence: Ann in two tabs, then Bob. Returns nothing; reports each step. */
async function presence(ann, bob, port1 = WS, port2 = WS, label = 'presence') {
  const log = { a1: [], a2: [], b: [] };
  const join = (client, key) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no here()')), 8000);
    client.join('room.1')
      .here((users) => { clearTimeout(t); log[key].push(['here', users.map((u) => u.name).sort().join(',')]); resolve(); })
      .joining((u) => log[key].push(['joining', u.name]))
      .leaving((u) => log[key].push(['leaving', u.name]))
      .error((e) => { clearTimeout(t); reject(new Error('error ' + JSON.stringify(e))); });
  });
  const a1 = echo(port1, ann);
  const a2 = echo(port2, ann);
  const b = echo(port2, bob);
  const has = (key, kind, name) => log[key].some(([k, n]) => k === kind && n === name);
  try {
    await a1.connected();
    await join(a1, 'a1');
    r.report(`${label}: first tab sees itself`, has('a1', 'here', 'Ann'), JSON.stringify(log.a1));
    await a2.connected();
    await join(a2, 'a2');
    await sleep(300);
    r.report(`${label}: second tab of one user: one member, no joining`,
      has('a2', 'here', 'Ann') && !log.a1.some(([k]) => k === 'joining'), JSON.stringify(log));
    await b.connected();
    await join(b, 'b');
    const joined = await waitFor(() => has('a1', 'joining', 'Bob') && has('a2', 'joining', 'Bob'));
    r.report(`${label}: a second user: here() lists both, the others see joining once`,
      has('b', 'here', 'Ann,Bob') && joined && log.a1.filter(([k]) => k === 'joining').length === 1, JSON.stringify(log));
    a2.disconnect();
    await sleep(500);
    r.report(`${label}: closing one of two tabs: no leaving`, !log.b.some(([k]) => k === 'leaving'), JSON.stringify(log.b));
    a1.disconnect();
    const left = await waitFor(() => has('b', 'leaving', 'Ann'));
    r.report(`${label}: closing the last tab: leaving`, left, JSON.stringify(log.b));
  } catch (e) {
    r.report(`${label}: run`, false, e.message + ' ' + JSON.stringify(log));
  } finally {
    for (const c of [a1, a2, b]) c.disconnect();
  }
}

async function whispers(ann, bob) {
  const a = echo(WS, ann);
  const b = echo(WS, bob);
  try {
    await Promise.all([a.connected(), b.connected()]);
    const ca = a.join('room.1');
    const cb = b.join('room.1');
    await Promise.all([subscribed(ca), subscribed(cb)]);
    const got = { a: [], b: [] };
    ca.listenForWhisper('typing', (e) => got.a.push(e));
    cb.listenForWhisper('typing', (e) => got.b.push(e));
    ca.whisper('typing', { who: 'Ann' });
    const ok = await waitFor(() => got.b.length === 1);
    await sleep(300);
    r.report('whisper reaches the other member, not the sender', ok && got.b[0].who === 'Ann' && got.a.length === 0, JSON.stringify(got));
  } finally {
    a.disconnect();
    b.disconnect();
  }
}

if (require.main === module) (async () => {
  await loadEcho();
  const ann = await session(1);
  const bob = await session(2);
  const guest = await session(null);
  await publicEvents(ann);
  await privateChannels(ann, bob, guest);
  await presence(ann, bob);
  await whispers(ann, bob);
  process.exit(0);
})().catch((e) => { console.log(`check echo-node run FAILED: ${e.stack}`); process.exit(1); });

module.exports = { presence };
