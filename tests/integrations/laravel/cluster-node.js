'use strict';
// Two websocket:serve processes (A: one process; B: two workers) joined by a real redis-server: events, toOthers,
// presence, the HTTP API's channels/users/connections and terminate_connections across them, and a node killed
// with SIGKILL whose members the other removes within node_timeout + tick_interval.
// Env: APP_URL, APP_DIR, WS_PORT (A, the app's broadcast target), WS_PORT2 (B), B_PGID, NODE_TIMEOUT, TICK.
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { loadEcho, reporter, sleep, waitFor, session, echo, subscribed } = require('./lib');
const { presence } = require('./echo-node');

const A = Number(process.env.WS_PORT);
const B = Number(process.env.WS_PORT2);
const r = reporter('cluster');

function api(...args) {
  const out = execFileSync('php', [path.join(__dirname, 'api-query.php'), process.env.APP_DIR, String(A), ...args], { encoding: 'utf8', timeout: 20000 });
  return JSON.parse(out);
}

function join(client, name, log) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no here() on ' + name)), 8000);
    client.join(name)
      .here((users) => { clearTimeout(t); log.push(['here', users.map((u) => u.name).sort().join(',')]); resolve(); })
      .joining((u) => log.push(['joining', u.name]))
      .leaving((u) => log.push(['leaving', u.name]))
      .error((e) => { clearTimeout(t); reject(new Error('error ' + JSON.stringify(e))); });
  });
}

(async () => {
  await loadEcho();
  const ann = await session(1);
  const bob = await session(2);

  // events and toOthers across the nodes
  {
    const a = echo(A, ann);
    const b = echo(B, bob);
    await Promise.all([a.connected(), b.connected()]);
    const got = { a: [], b: [] };
    const ca = a.channel('orders').listen('OrderShipped', (e) => got.a.push(e.id));
    const cb = b.channel('orders').listen('OrderShipped', (e) => got.b.push(e.id));
    await Promise.all([subscribed(ca), subscribed(cb)]);
    await ann.get('/test/fire?channel=orders&id=31');
    r.report('an event from the app reaches clients on both nodes', await waitFor(() => got.a.includes(31) && got.b.includes(31)), JSON.stringify(got));
    await ann.get('/test/fire?channel=orders&id=32&others=1', { 'X-Socket-ID': b.socketId() });
    const aGot = await waitFor(() => got.a.includes(32));
    await sleep(400);
    r.report('toOthers() with the sender on the other node', aGot && !got.b.includes(32), JSON.stringify(got));
    a.disconnect();
    b.disconnect();
  }

  await presence(ann, bob, A, B, 'presence across nodes');

  // the HTTP API answers for the whole cluster; terminate reaches the other node
  {
    const a = echo(A, ann);
    const b = echo(B, bob);
    const la = [];
    const lb = [];
    await Promise.all([a.connected(), b.connected()]);
    await join(a, 'room.2', la);
    await join(b, 'room.2', lb);
    await sleep(300); // counts are written behind, on a zero-delay timer
    const users = api('users', 'presence-room.2');
    const ids = (users.users || []).map((u) => u.id).sort().join(',');
    r.report('users endpoint on A lists the members on both nodes', ids === '1,2', JSON.stringify(users));
    const chans = api('channels', 'presence-');
    r.report('channels endpoint counts the users on both nodes',
      chans.channels && chans.channels['presence-room.2'] && chans.channels['presence-room.2'].user_count === 2, JSON.stringify(chans));
    const ch = api('channel', 'presence-room.2');
    r.report('channel endpoint: occupied, 2 subscriptions across the nodes', ch.occupied === true && ch.subscription_count === 2, JSON.stringify(ch));
    const conns = api('connections');
    r.report('connections endpoint counts both nodes', conns.connections === 2, JSON.stringify(conns));
    const closed = new Promise((resolve) => {
      b.connector.pusher.connection.bind('error', (e) => { if (e && e.data && e.data.code === 4009) resolve(true); });
      setTimeout(() => resolve(false), 8000);
    });
    api('terminate', '2');
    const t4009 = await closed;
    const stopped = await waitFor(() => ['failed', 'disconnected', 'unavailable'].includes(b.connector.pusher.connection.state), 5000);
    r.report('terminate_connections on A closes the user\'s connection on B with 4009 (no reconnect)', t4009 && stopped,
      `4009 ${t4009}, state ${b.connector.pusher.connection.state}`);
    const left = await waitFor(() => la.some(([k, n]) => k === 'leaving' && n === 'Bob'));
    r.report('the terminated member leaves the presence channel', left, JSON.stringify(la));
    a.disconnect();
    b.disconnect();
  }

  // websocket:reload on node B (2 workers): Bob's connection is closed with 1012, pusher-js reconnects and joins
  // again within stop_grace, so Ann (on A) never sees Bob leave
  {
    const a = echo(A, ann);
    const b = echo(B, bob);
    const la = [];
    await Promise.all([a.connected(), b.connected()]);
    await join(a, 'room.5', la);
    await join(b, 'room.5', []);
    await waitFor(() => la.some(([k, n]) => k === 'joining' && n === 'Bob'));
    const sid0 = b.socketId();
    const rl = spawnSync('php', ['artisan', 'websocket:reload'], {
      cwd: process.env.APP_DIR, encoding: 'utf8', timeout: 30000, env: { ...process.env, WEBSOCKET_PID_FILE: process.env.B_PID_FILE },
    });
    const back = await waitFor(() => b.socketId() && b.socketId() !== sid0 && b.connector.pusher.connection.state === 'connected', 15000);
    await sleep(Number(process.env.STOP_GRACE) + 2 * Number(process.env.TICK) + 500);
    const users = api('users', 'presence-room.5');
    r.report('websocket:reload of a node: its clients come back and nobody sees them leave (stop_grace)',
      rl.status === 0 && back && !la.some(([k]) => k === 'leaving') && (users.users || []).map((u) => u.id).sort().join(',') === '1,2',
      JSON.stringify({ reload: rl.status, stdout: rl.stdout, back, la, users }));
    a.disconnect();
    b.disconnect();
  }

  // node C stops gracefully (SIGTERM): its members leave after stop_grace, not node_timeout
  {
    const C = Number(process.env.WS_PORT3);
    const a = echo(A, ann);
    const c = echo(C, bob);
    const la = [];
    await Promise.all([a.connected(), c.connected()]);
    await join(a, 'room.4', la);
    await join(c, 'room.4', []);
    await waitFor(() => la.some(([k, n]) => k === 'joining' && n === 'Bob'));
    const t0 = Date.now();
    process.kill(Number(process.env.C_PID), 'SIGTERM');
    await sleep(50);
    c.disconnect(); // stop pusher-js retrying a node that is gone
    const left = await waitFor(() => la.some(([k, n]) => k === 'leaving' && n === 'Bob'), 8000);
    const ms = Date.now() - t0;
    const bound = Number(process.env.STOP_GRACE) + 2 * Number(process.env.TICK) + 1000;
    r.report(`a node stopped with SIGTERM: its members leave after stop_grace (member_removed after ${ms} ms, bound ${bound} ms)`,
      left && ms <= bound, JSON.stringify(la));
    a.disconnect();
  }

  // node B dies (SIGKILL, master and workers): A removes its members within node_timeout + tick
  {
    const a = echo(A, ann);
    const b = echo(B, bob);
    const la = [];
    await Promise.all([a.connected(), b.connected()]);
    await join(a, 'room.3', la);
    await join(b, 'room.3', []);
    await waitFor(() => la.some(([k, n]) => k === 'joining' && n === 'Bob'));
    const t0 = Date.now();
    process.kill(-Number(process.env.B_PGID), 'SIGKILL');   // Bob's connection is still open: no onClose runs
    await sleep(50);
    b.disconnect(); // stop pusher-js retrying a node that is gone
    const bound = Number(process.env.NODE_TIMEOUT) + 2 * Number(process.env.TICK) + 1000;
    const left = await waitFor(() => la.some(([k, n]) => k === 'leaving' && n === 'Bob'), bound + 2000);
    const ms = Date.now() - t0;
    const users = api('users', 'presence-room.3');
    r.report(`a killed node's members are removed (member_removed after ${ms} ms, bound ${bound} ms)`,
      left && ms <= bound && (users.users || []).map((u) => u.id).join(',') === '1', JSON.stringify({ la, users }));
    a.disconnect();
  }
  process.exit(0);
})().catch((e) => { console.log(`check cluster run FAILED: ${e.stack}`); process.exit(1); });
