'use strict';
// Starts a server script that prints "READY <port>" (examples/echo.php, examples/chat/server.php,
// or `php -S` for the chat page) on a free 127.0.0.1 port, and stops it again. Bounded in time.
const { spawn } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PHP = process.env.PHP || 'php';
const EXT = path.join(ROOT, 'modules', 'websocket.so');

function argvFor(script, envName) {
  const cmd = process.env[envName];
  if (cmd) {
    return cmd.split(/\s+/).filter(Boolean);
  }
  return [PHP, '-d', `extension=${EXT}`, path.join(ROOT, script)];
}

// Every child still running when this process exits is killed, whatever way it exits.
const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch (e) { /* already gone */ }
  }
});
// A signal (e.g. from `timeout` in run.sh) ends the process through 'exit', so the above runs.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15)));
}

// Spawns argv and resolves with { proc, port, stop } once `pattern` (with the port as group 1)
// appears on stdout or stderr.
function startProcess(argv, pattern, what, timeoutMs = 10000, env = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    let out = '';
    let done = false;
    const stop = () => new Promise((res) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return res();
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => { clearTimeout(t); res(); });
      proc.kill('SIGTERM');
    });
    const onData = (d) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ proc, port: parseInt(m[1], 10), stop, output: () => out });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', (e) => { if (!done) { done = true; clearTimeout(timer); reject(new Error(`${what}: ${e.message}`)); } });
    proc.on('exit', (code) => {
      if (!done) { done = true; clearTimeout(timer); reject(new Error(`${what} exited with ${code} before it was ready: ${out.slice(-500)}`)); }
    });
    const timer = setTimeout(() => {
      if (!done) { done = true; stop(); reject(new Error(`${what} not ready within ${timeoutMs} ms: ${out.slice(-500)}`)); }
    }, timeoutMs);
  });
}

// A CA and a localhost/127.0.0.1 certificate made by the openssl command, for wss:// and https://.
function makeTlsFiles() {
  const fs = require('fs');
  const os = require('os');
  const { execFileSync } = require('child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wst-interop-tls-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const ec = ['-pkeyopt', 'ec_paramgen_curve:P-256'];
  for (const args of [
    ['req', '-x509', '-newkey', 'ec', ...ec, '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=interop-CA'],
    ['genpkey', '-algorithm', 'EC', ...ec, '-out', 'srv.key'],
    ['req', '-new', '-key', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=localhost'],
    ['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.crt', '-days', '1', '-extfile', 'san.ext'],
  ]) {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 30000 });
  }
  return { dir, ca: path.join(dir, 'ca.crt'), env: { WS_TLS_CERT: path.join(dir, 'srv.crt'), WS_TLS_KEY: path.join(dir, 'srv.key') } };
}

const startEcho = (env = {}) => startProcess([...argvFor('examples/echo.php', 'ECHO_SERVER_CMD'), '0'], /^READY (\d+)\r?\n/m, 'examples/echo.php', 10000, env);
// The chat server lets in pages from CHAT_ORIGINS only (its default: http://127.0.0.1:8000, which the
// non-browser clients here send as their Origin).
const CHAT_ORIGIN = 'http://127.0.0.1:8000';
const startChat = (origins, env = {}) => startProcess([...argvFor('examples/chat/server.php', 'CHAT_SERVER_CMD'), '0'], /^READY (\d+)\r?\n/m,
  'examples/chat/server.php', 10000, { ...(origins ? { CHAT_ORIGINS: origins } : {}), ...env });
// php -S with port 0 picks a free port and prints it.
const startPage = () => startProcess([PHP, '-S', '127.0.0.1:0', '-t', path.join(ROOT, 'examples', 'chat')],
  /Development Server \(http:\/\/127\.0\.0\.1:(\d+)\) started/, 'php -S for examples/chat');

// A check reporter that prints one line per check.
function reporter(suite) {
  const results = [];
  return {
    results,
    report(name, ok, failure = '', note = '') {
      results.push(ok);
      console.log(`check ${suite} ${name} ${ok ? 'OK' : 'FAILED: ' + failure}${ok && note ? ` (${note})` : ''}`);
    },
    finish() {
      const passed = results.filter(Boolean).length;
      console.log(`${suite}: ${passed} of ${results.length} checks passed`);
      return results.length > 0 && passed === results.length ? 0 : 1;
    },
  };
}

// Rejects after ms with a message, so every wait is bounded.
function within(ms, promise, what) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); }),
  ]);
}

module.exports = { ROOT, CHAT_ORIGIN, startEcho, startChat, startPage, reporter, within, makeTlsFiles };
