'use strict';
// The Pusher-protocol load for bench/pusher.sh: N raw Pusher connections (the `ws` client, protocol frames by
// hand, so the client stays light) to /app/{key}, each subscribed to one channel; the server's RSS before and
// after (memory per connection); then E events through the signed HTTP API, one at a time, each to all N
// subscribers: time from the request to the last delivery, and the server's CPU time for it (from /proc).
//   node pusher_load.js --port P --pid PID[,PID] --conns N --events E [--channel C] [--port2 P2]
// With --port2 every other connection goes to a second server (joined to the first through Redis); the events
// are still sent to the first.
const WebSocket = require('ws');
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? a.concat([[v.slice(2), all[i + 1]]]) : a), []));
const PORT = Number(args.port);
const PORTS = args.port2 ? [PORT, Number(args.port2)] : [PORT];
const PIDS = String(args.pid).split(',').map(Number);
const N = Number(args.conns || 1000);
const E = Number(args.events || 5);
const CHANNEL = args.channel || 'bench';
const KEY = 'app-key', SECRET = 'app-secret', APP_ID = '123456';
const TICK = 100; // USER_HZ on Linux

function rssKiB() {
  return PIDS.reduce((s, p) => s + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))[1]), 0);
}
function cpuMs() {
  return PIDS.reduce((s, p) => {
    const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return s + (Number(f[11]) + Number(f[12])) * 1000 / TICK;
  }, 0);
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

let next = 0;
function connectOne() {
  const port = PORTS[next++ % PORTS.length];
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${KEY}?protocol=7&client=js&version=8.6.0&flash=false`, { perMessageDeflate: false });
    const t = setTimeout(() => reject(new Error('connect timeout')), 30000);
    ws.on('message', (d) => {
      const m = JSON.parse(d);
      if (m.event === 'pusher:connection_established') {
        ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: CHANNEL } }));
      } else if (m.event === 'pusher_internal:subscription_succeeded') {
        clearTimeout(t);
        ws.removeAllListeners('message');
        resolve(ws);
      }
    });
    ws.on('error', (e) => { clearTimeout(t); reject(e); });
  });
}

function signedPost(path, body) {
  const q = { auth_key: KEY, auth_timestamp: String(Math.floor(Date.now() / 1000)), auth_version: '1.0', body_md5: crypto.createHash('md5').update(body).digest('hex') };
  const qs = Object.keys(q).sort().map((k) => `${k}=${q[k]}`).join('&');
  const sig = crypto.createHmac('sha256', SECRET).update(`POST\n${path}\n${qs}`).digest('hex');
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, method: 'POST', path: `${path}?${qs}&auth_signature=${sig}`, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let b = '';
      res.on('data', (c) => { b += c; });
      res.on('end', () => resolve([res.statusCode, b]));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  const rss0 = rssKiB();
  const conns = [];
  const t0 = Date.now();
  for (let i = 0; i < N; i += 200) {
    conns.push(...await Promise.all(Array.from({ length: Math.min(200, N - i) }, connectOne)));
  }
  const connectMs = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 500));
  const rss1 = rssKiB();
  console.log(`connections ${conns.length} subscribed${PORTS.length > 1 ? ' (half on each of two servers)' : ''} in ${connectMs} ms; server RSS ${rss0} KiB -> ${rss1} KiB: ${((rss1 - rss0) / conns.length).toFixed(2)} KiB per connection`);

  const lastMs = [];
  const cpu = [];
  const api = [];
  for (let e = 0; e < E; e++) {
    let got = 0;
    let last = 0;
    const done = new Promise((resolve) => {
      for (const ws of conns) {
        ws.once('message', () => { got++; last = process.hrtime.bigint(); if (got === conns.length) resolve(); });
      }
    });
    const c0 = cpuMs();
    const start = process.hrtime.bigint();
    const [status] = await signedPost(`/apps/${APP_ID}/events`, JSON.stringify({ name: 'Bench', data: JSON.stringify({ n: e, pad: 'x'.repeat(40) }), channel: CHANNEL }));
    const apiMs = Number(process.hrtime.bigint() - start) / 1e6;
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), 30000));
    if (status !== 200 || await Promise.race([done, timeout]) === 'timeout') {
      console.log(`event ${e}: status ${status}, delivered ${got}/${conns.length}: FAILED`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
    cpu.push(cpuMs() - c0);
    lastMs.push(Number(last - start) / 1e6);
    api.push(apiMs);
  }
  console.log(`event to ${conns.length} subscribers (median of ${E}): API answer ${median(api).toFixed(2)} ms, last delivery ${median(lastMs).toFixed(1)} ms after the request, server CPU ${median(cpu).toFixed(0)} ms (${(median(cpu) * 1000 / conns.length).toFixed(2)} µs per delivery; /proc ticks of 10 ms)`);
  console.log(`RESULT conns=${conns.length} kib_per_conn=${((rss1 - rss0) / conns.length).toFixed(2)} api_ms=${median(api).toFixed(2)} last_ms=${median(lastMs).toFixed(1)} cpu_ms=${median(cpu).toFixed(0)}`);
  for (const ws of conns) ws.terminate();
  process.exit(0);
})().catch((e) => { console.log('FAILED: ' + e.stack); process.exit(1); });
