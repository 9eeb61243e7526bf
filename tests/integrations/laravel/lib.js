'use strict';
// Helpers for the Laravel integration checks: the real laravel-echo and pusher-js (node build), a session per
// simulated user (cookies from the test app's /test/login/{id}), "check NAME OK|FAILED: ..." lines.
const path = require('path');
const { pathToFileURL } = require('url');
const Pusher = require('pusher-js');
// laravel-echo 2.5.0's CommonJS build is marked "type": "module" and cannot be required in Node 20: import its
// ES module build from where pusher-js was found.
let Echo = null;
async function loadEcho() {
  const dir = path.dirname(require.resolve('pusher-js/package.json'));
  const mod = await import(pathToFileURL(path.join(dir, '..', 'laravel-echo', 'dist', 'echo.js')).href);
  Echo = mod.default;
  return Echo;
}

const APP = process.env.APP_URL;           // the Laravel app (php -S)

function reporter(prefix) {
  let failed = 0;
  return {
    report(name, ok, detail) {
      if (!ok) failed++;
      console.log(`check ${prefix} ${name} ${ok ? 'OK' : 'FAILED: ' + detail}`);
    },
    get failed() { return failed; },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, ms = 5000, step = 25) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = fn();
    if (v) return v;
    await sleep(step);
  }
  return fn();
}

/** A logged-in user: cookies and the CSRF token of a session of the test app (or a guest). */
async function session(userId) {
  const jar = {};
  const s = {
    jar,
    csrf: null,
    cookie() { return Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; '); },
    take(res) {
      for (const c of res.headers.getSetCookie()) {
        const [kv] = c.split(';');
        const i = kv.indexOf('=');
        jar[kv.slice(0, i)] = kv.slice(i + 1);
      }
    },
    async get(path, headers = {}) {
      const res = await fetch(APP + path, { headers: { Cookie: s.cookie(), Accept: 'application/json', ...headers } });
      s.take(res);
      return res;
    },
  };
  if (userId !== null) {
    const res = await s.get(`/test/login/${userId}`);
    const body = await res.json();
    s.csrf = body.csrf;
  }
  return s;
}

/**
 * An Echo client on the given WebSocket port. Channel auth goes to the app's /broadcasting/auth with this
 * session's cookie and CSRF token (a browser sends those itself; in Node a custom authorizer carries them).
 */
function echo(port, sess, extra = {}) {
  const errors = [];
  const e = new Echo({
    broadcaster: 'reverb',
    key: 'app-key',
    wsHost: '127.0.0.1',
    wsPort: port,
    forceTLS: false,
    enabledTransports: ['ws'],
    Pusher,
    authorizer: (channel) => ({
      authorize: async (socketId, cb) => {
        try {
          const res = await fetch(APP + '/broadcasting/auth', {
            method: 'POST',
            headers: {
              Cookie: sess ? sess.cookie() : '',
              'X-CSRF-TOKEN': (sess && sess.csrf) || '',
              'Content-Type': 'application/x-www-form-urlencoded',
              Accept: 'application/json',
            },
            body: new URLSearchParams({ socket_id: socketId, channel_name: channel.name }).toString(),
          });
          if (res.status !== 200) {
            cb(new Error(`auth status ${res.status}`), { status: res.status });
            return;
          }
          cb(null, await res.json());
        } catch (err) {
          cb(err, null);
        }
      },
    }),
    ...extra,
  });
  const p = e.connector.pusher;
  p.connection.bind('error', (err) => errors.push(err));
  e.errors = errors;
  e.connected = () => waitFor(() => p.connection.state === 'connected' && e.socketId(), 10000);
  return e;
}

/** Resolves when a channel's subscription succeeded, or rejects with its error (or a timeout). */
function subscribed(channel, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no subscription_succeeded within ' + ms + ' ms')), ms);
    channel.subscribed(() => { clearTimeout(t); resolve(true); });
    channel.error((err) => { clearTimeout(t); reject(new Error('subscription error ' + JSON.stringify(err))); });
  });
}

module.exports = { Pusher, loadEcho, reporter, sleep, waitFor, session, echo, subscribed, APP };
