'use strict';
// Interop: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) runs the
// chat example as a person would: two pages, two nicknames, a message typed in one page
// appears in the other. Starts examples/chat/server.php and `php -S` for the page on free
// 127.0.0.1 ports, writes screenshots to tests/interop/artifacts/, stops everything.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { ROOT, startEcho, startChat, startPage, reporter, within, makeTlsFiles } = require('./servers');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'tests', 'interop', 'artifacts');
const r = reporter('browser');

async function join(page, url, nick) {
  await page.goto(url, { timeout: 10000 });
  await page.waitForSelector('#status.online', { timeout: 10000 });
  await page.fill('#nick', nick);
  await page.click('#join');
  await page.waitForFunction(() => !document.querySelector('#text').disabled, null, { timeout: 5000 });
}

// The browser's own WebSocket against examples/echo.php: subprotocol, text, binary, 1 MiB, close code/reason.
async function echoChecks(browser) {
  let echo;
  try {
    echo = await startEcho();
  } catch (e) {
    r.report('echo server', false, `expected examples/echo.php running, got ${e.message}`);
    return;
  }
  try {
    const p = await browser.newPage();
    const res = await within(30000, p.evaluate(async (port) => {
      const out = {};
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, ['chat']);
      ws.binaryType = 'arraybuffer';
      const next = () => new Promise((resolve, reject) => {
        ws.onmessage = (e) => resolve(e.data);
        ws.onclose = (e) => reject(new Error(`closed ${e.code}`));
        setTimeout(() => reject(new Error('no message within 10 s')), 10000);
      });
      await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('connection failed')); });
      out.protocol = ws.protocol;
      out.extensions = ws.extensions;
      ws.send('Hello, κόσμε 𝄞');
      out.text = await next();
      const bytes = new Uint8Array(1024).map((_, i) => (i * 7) & 0xff);
      ws.send(bytes);
      const b = await next();
      out.binary = b instanceof ArrayBuffer && b.byteLength === 1024 && new Uint8Array(b).every((v, i) => v === bytes[i]);
      const big = 'x'.repeat(1 << 20) + 'é';
      const t0 = performance.now();
      ws.send(big);
      out.big = (await next()) === big;
      out.bigMs = performance.now() - t0;
      // permessage-deflate, which Chromium offers on every connection: text and binary from 1 byte to
      // 4 MiB, compressible (JSON-like text, binary of repeated 4 KiB blocks).
      out.rounds = [];
      for (const n of [1, 100, 1023, 1024, 65536, 1 << 20, 4 << 20]) {
        let s = '';
        for (let i = 0; s.length < n; i++) s += `{"id":${i},"user":"user${i % 7}","text":"hello world ${i % 13}"}\n`;
        s = s.slice(0, n);
        const block = crypto.getRandomValues(new Uint8Array(4096));
        const bin = new Uint8Array(n).map((_, i) => block[i % 4096]);
        ws.send(s);
        const gs = await next();
        ws.send(bin);
        const gb = await next();
        out.rounds.push({ n, text: gs === s, binary: gb instanceof ArrayBuffer && gb.byteLength === n && new Uint8Array(gb).every((v, i) => v === bin[i]) });
      }
      const closed = new Promise((resolve) => { ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean }); });
      ws.close(4003, 'bye from chromium');
      out.close = await closed;
      return out;
    }, echo.port), 'browser echo session');
    r.report('echo subprotocol', res.protocol === 'chat', `expected ws.protocol 'chat', got '${res.protocol}'`, res.extensions ? `extensions '${res.extensions}'` : '');
    r.report('echo text', res.text === 'Hello, κόσμε 𝄞', `expected 'Hello, κόσμε 𝄞', got ${JSON.stringify(res.text)}`);
    r.report('echo binary', res.binary === true, 'expected the same 1024 bytes back as an ArrayBuffer, got something else');
    r.report('echo 1 MiB', res.big === true, 'expected the same 1 MiB text back, got something else', `${res.bigMs.toFixed(1)} ms`);
    r.report('echo deflate negotiated', res.extensions === 'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
      `expected ws.extensions 'permessage-deflate; server_no_context_takeover; client_no_context_takeover', got '${res.extensions}'`);
    const badRound = res.rounds.find((x) => !x.text || !x.binary);
    r.report('echo deflate round trips 1 B..4 MiB', res.rounds.length === 7 && !badRound,
      `expected text and binary of 1 B..4 MiB echoed, got ${JSON.stringify(badRound || res.rounds)}`);
    r.report('echo close', res.close.code === 4003 && res.close.wasClean && (res.close.reason === '' || res.close.reason === 'bye from chromium'),
      `expected a clean close with the server echoing 4003, got ${JSON.stringify(res.close)}`, `server replied ${res.close.code} '${res.close.reason}'`);
    await p.close();
  } catch (e) {
    r.report('echo session', false, `expected the browser echo checks to run, got ${e.message.split('\n')[0]}`);
  } finally {
    await echo.stop();
  }
}

// The chat over https:// and wss:// on one port: the chat server with WS_TLS_CERT serves its page through
// onRequest over TLS and the page opens wss://; Chromium accepts the test certificate (ignoreHTTPSErrors).
async function httpsChecks(browser) {
  let chat;
  if (process.env.CHAT_SERVER_CMD) {
    console.log('note: https checks not run: CHAT_SERVER_CMD replaces the chat server');
    return;
  }
  try {
    const tls = makeTlsFiles();
    chat = await startChat('', tls.env);
  } catch (e) {
    r.report('https chat server', false, `expected the chat server with a certificate running, got ${e.message}`);
    return;
  }
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 700, height: 640 } });
  try {
    const ann = await ctx.newPage();
    const bob = await ctx.newPage();
    const url = `https://127.0.0.1:${chat.port}/`;
    await join(ann, url, 'ann');
    await join(bob, url, 'bob');
    const wsUrl = await ann.evaluate(() => url);
    r.report('https page, wss join', wsUrl.startsWith('wss://'), `expected the page to open wss://, got ${wsUrl}`, wsUrl);
    const text = `over TLS ✓ ${Date.now() % 100000}`;
    await ann.click('#text');
    await ann.keyboard.type(text);
    await ann.keyboard.press('Enter');
    try {
      await bob.waitForFunction((t) => [...document.querySelectorAll('#messages li.message')]
        .some((li) => li.querySelector('.nick')?.textContent === 'ann:' && li.querySelector('.text')?.textContent === t), text, { timeout: 5000 });
      r.report('https message', true);
    } catch (e) {
      r.report('https message', false, `expected '${text}' from ann in bob's page over wss, got ${e.message.split('\n')[0]}`);
    }
    await bob.screenshot({ path: path.join(ARTIFACTS, 'chat-https-bob.png') });
  } catch (e) {
    r.report('https chat', false, `expected two pages over https to join the chat over wss, got ${e.message.split('\n')[0]}`);
  } finally {
    await ctx.close().catch(() => {});
    await chat.stop();
  }
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    r.report('chromium', false, `expected ${CHROMIUM} (apt-get install chromium), got no such file`);
    return;
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let chat;
  let page;
  let browser;
  try {
    try {
      page = await startPage();
      // Only the page's origin may open the chat (and a page from anywhere else gets 403: checked below).
      chat = await startChat(`http://127.0.0.1:${page.port}`);
    } catch (e) {
      r.report('servers', false, `expected the chat server and php -S running, got ${e.message}`);
      return;
    }
    const url = `http://127.0.0.1:${page.port}/?port=${chat.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
        '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    const ann = await browser.newPage({ viewport: { width: 700, height: 640 } });
    const bob = await browser.newPage({ viewport: { width: 700, height: 640 } });
    const consoleErrors = [];
    for (const p of [ann, bob]) {
      p.on('pageerror', (e) => consoleErrors.push(e.message));
    }

    try {
      await join(ann, url, 'ann');
      // bob loads the page from the chat server itself (onRequest), on the WebSocket port: same origin.
      await join(bob, `http://127.0.0.1:${chat.port}/`, 'bob');
      r.report('join', true);
    } catch (e) {
      r.report('join', false, `expected both pages connected and joined as ann and bob, got ${e.message.split('\n')[0]}`);
      await ann.screenshot({ path: path.join(ARTIFACTS, 'chat-join-failed.png') }).catch(() => {});
      return;
    }

    // ann sees bob join; both user lists show both nicks.
    try {
      await ann.waitForFunction(() => [...document.querySelectorAll('#messages li.notice')].some((li) => li.textContent === 'bob joined'), null, { timeout: 5000 });
      const users = await bob.textContent('#users');
      r.report('join notice', /ann/.test(users) && /bob/.test(users), `expected bob's user list to name ann and bob, got '${users}'`);
    } catch (e) {
      r.report('join notice', false, `expected 'bob joined' in ann's page, got ${e.message.split('\n')[0]}`);
    }

    // ann types a message (with non-ASCII text); it appears in bob's page with ann's nickname.
    const text = `hello bob, ça va? 👋 ${Date.now() % 100000}`;
    await ann.click('#text');
    await ann.keyboard.type(text);
    await ann.keyboard.press('Enter');
    try {
      await bob.waitForFunction((t) => [...document.querySelectorAll('#messages li.message')]
        .some((li) => li.querySelector('.nick')?.textContent === 'ann:' && li.querySelector('.text')?.textContent === t), text, { timeout: 5000 });
      r.report('message', true);
    } catch (e) {
      const seen = await bob.$$eval('#messages li', (lis) => lis.map((li) => li.textContent));
      r.report('message', false, `expected '${text}' from ann in bob's page, got ${JSON.stringify(seen).slice(0, 200)}`);
    }
    await ann.screenshot({ path: path.join(ARTIFACTS, 'chat-ann.png') });
    await bob.screenshot({ path: path.join(ARTIFACTS, 'chat-bob.png') });

    // bob leaves: ann sees the notice (the server's onClose).
    await bob.close();
    try {
      await ann.waitForFunction(() => [...document.querySelectorAll('#messages li.notice')].some((li) => li.textContent === 'bob left'), null, { timeout: 5000 });
      r.report('leave notice', true);
    } catch (e) {
      r.report('leave notice', false, `expected 'bob left' in ann's page, got ${e.message.split('\n')[0]}`);
    }
    await ann.screenshot({ path: path.join(ARTIFACTS, 'chat-after-leave.png') });

    // The same page from another origin (localhost is not 127.0.0.1 to a browser) is refused with 403:
    // the chat server sets `origins`, so a cross-site page cannot ride on the user's cookies.
    try {
      const other = await browser.newPage();
      await other.goto(`http://localhost:${page.port}/blank-${Date.now()}`).catch(() => {});
      const outcome = await other.evaluate((port) => new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/`, ['chat']);
        ws.onopen = () => { resolve('open'); ws.close(); };
        ws.onclose = (e) => resolve(`closed ${e.code}`);
        setTimeout(() => resolve('timeout'), 5000);
      }), chat.port);
      r.report('other origin refused', outcome === 'closed 1006', `expected the handshake refused (close 1006 in the page), got ${outcome}`);
      await other.close();
    } catch (e) {
      r.report('other origin refused', false, `expected a page on localhost to try the chat, got ${e.message.split('\n')[0]}`);
    }
    try {
      const ext = await ann.evaluate(() => ws.extensions);
      r.report('chat deflate negotiated', ext === 'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
        `expected the chat page's socket to have permessage-deflate without context takeover, got '${ext}'`, ext);
    } catch (e) {
      r.report('chat deflate negotiated', false, `expected to read the chat page's ws.extensions, got ${e.message.split('\n')[0]}`);
    }
    r.report('no page errors', consoleErrors.length === 0, `expected no JavaScript errors, got ${JSON.stringify(consoleErrors)}`);

    await echoChecks(browser);
    await httpsChecks(browser);
  } finally {
    if (browser) await browser.close().catch(() => {});
    const chatAlive = chat && chat.proc.exitCode === null && chat.proc.signalCode === null;
    if (chat) await chat.stop();
    if (page) await page.stop();
    if (chat && !chatAlive) r.report('chat server alive', false, `expected the chat server running after the checks, got exit ${chat.proc.exitCode}: ${chat.output().slice(-300)}`);
  }
}

within(120000, main(), 'browser checks')
  .catch((e) => r.report('session', false, `expected the browser checks to run, got ${e.message.split('\n')[0]}`))
  .finally(() => process.exit(r.finish()));
