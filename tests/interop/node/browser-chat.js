'use strict';
// Interop: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) runs the
// chat example as a person would: two pages, two nicknames, a message typed in one page
// appears in the other. Starts examples/chat/server.php and `php -S` for the page on free
// 127.0.0.1 ports, writes screenshots to tests/interop/artifacts/, stops everything.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { ROOT, startChat, startPage, reporter, within } = require('./servers');

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
      chat = await startChat();
      page = await startPage();
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
      await join(bob, url, 'bob');
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
    r.report('no page errors', consoleErrors.length === 0, `expected no JavaScript errors, got ${JSON.stringify(consoleErrors)}`);
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
