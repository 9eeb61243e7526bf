'use strict';
// Headless Chromium (Debian's, driven by playwright-core): a page of the Laravel app loads the real pusher-js and
// laravel-echo builds, connects with the browser's own WebSocket, authorizes presence through Echo's default
// /broadcasting/auth with the session cookie and the CSRF token. Two tabs of Ann, one of Bob.
// Env: APP_URL, WS_PORT.
const { chromium } = require('playwright-core');
const { reporter, waitFor, APP } = require('./lib');

const WS = Number(process.env.WS_PORT);
const r = reporter('browser');

async function tab(context, userId) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error('console: ' + m.text()); });
  await page.goto(`${APP}/test/login/${userId}`, { timeout: 15000 });
  await page.goto(`${APP}/test/page?key=app-key&port=${WS}`, { timeout: 15000 });
  await page.waitForFunction(() => window.events && window.events.some((e) => e.type === 'connected'), null, { timeout: 10000 });
  return page;
}

const events = (page) => page.evaluate(() => window.events);
const has = async (page, pred) => (await events(page)).some(pred);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const annCtx = await browser.newContext();
    const bobCtx = await browser.newContext();
    const a1 = await tab(annCtx, 1);
    const a2 = await tab(annCtx, 1);
    const b = await tab(bobCtx, 2);
    const ids = [];
    for (const p of [a1, a2, b]) ids.push(await p.evaluate(() => window.echo.socketId()));
    r.report('three tabs connected with the browser\'s WebSocket, each its own socket_id',
      new Set(ids).size === 3 && ids.every((id) => /^\d+\.\d+$/.test(id || '')), JSON.stringify(ids));

    await fetch(`${APP}/test/fire?channel=orders&id=21`);
    let ok = true;
    for (const p of [a1, a2, b]) {
      try { await p.waitForFunction(() => window.events.some((e) => e.type === 'order' && e.id === 21), null, { timeout: 5000 }); } catch { ok = false; }
    }
    r.report('an event from the app reaches every tab', ok, JSON.stringify(await events(a1)));

    const waitEv = async (page, pred, ms = 5000) => {
      try { await page.waitForFunction(pred, null, { timeout: ms }); return true; } catch { return false; }
    };
    await a1.evaluate(() => window.joinRoom());
    const h1 = await waitEv(a1, () => window.events.some((e) => e.type === 'here' && e.users.join() === 'Ann'));
    await a2.evaluate(() => window.joinRoom());
    const h2 = await waitEv(a2, () => window.events.some((e) => e.type === 'here' && e.users.join() === 'Ann'));
    await new Promise((res) => setTimeout(res, 300));
    r.report('presence: two tabs of Ann are one member, no joining', h1 && h2 && !await has(a1, (e) => e.type === 'joining'),
      JSON.stringify([await events(a1), await events(a2)]));
    await b.evaluate(() => window.joinRoom());
    const hb = await waitEv(b, () => window.events.some((e) => e.type === 'here' && e.users.join() === 'Ann,Bob'));
    const j1 = await waitEv(a1, () => window.events.filter((e) => e.type === 'joining' && e.name === 'Bob').length === 1);
    const j2 = await waitEv(a2, () => window.events.filter((e) => e.type === 'joining' && e.name === 'Bob').length === 1);
    r.report('presence: Bob joins: here() lists both, each Ann tab sees joining once', hb && j1 && j2,
      JSON.stringify([await events(a1), await events(b)]));
    await a2.close();
    await new Promise((res) => setTimeout(res, 600));
    r.report('presence: closing one Ann tab: no leaving', !await has(b, (e) => e.type === 'leaving'), JSON.stringify(await events(b)));
    await a1.close();
    const left = await waitEv(b, () => window.events.some((e) => e.type === 'leaving' && e.name === 'Ann'), 8000);
    r.report('presence: closing the last Ann tab: leaving', left, JSON.stringify(await events(b)));
  } catch (e) {
    r.report('run', false, e.stack);
  } finally {
    await browser.close();
  }
  process.exit(0);
})();
