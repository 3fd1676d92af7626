// Browser test helpers: Debian's headless Chromium driven by playwright-core (never a browser
// Playwright downloads), a shop's return_url site on a free port that records each visit, and
// screenshots written under tests/artifacts/ for a human to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(repoRoot, 'tests/artifacts');

const LAUNCH_TIMEOUT_MS = 30000;
const CLOSE_TIMEOUT_MS = 10000;
export const ACTION_TIMEOUT_MS = 10000;
export const NAVIGATION_TIMEOUT_MS = 15000;

// The flags this machine needs: no sandbox (root), no GPU, and no background traffic to Google
// hosts (the network is closed; without these Chromium keeps retrying lookups).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
};

// Starts Chromium with a new empty profile in a temp dir. Resolves with
// { context, newPage(), close() }; close() ends the browser and removes the profile.
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_BIN)) {
    throw new Error(`${CHROMIUM_BIN} not found: install Debian's chromium (make deps, or scripts/install-deps.sh)`);
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'intentd-chromium-'));
  let context;
  try {
    // Playwright passes the profile as --user-data-dir; it may not be given in args.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_BIN,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
      viewport: { width: 800, height: 700 },
      handleSIGINT: true,
      handleSIGTERM: true,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  // Anything but loopback is a test bug (or a page pulling in a third-party asset): refuse it.
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort('blockedbyclient'));

  let closed = false;
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.consoleErrors = [];
      page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing chromium');
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

// A shop's site for return_url: an HTTP server on a free port that answers every GET with a
// small page showing what it received, and records each visit (path and query).
export async function startReturnSite() {
  const visits = [];
  const waiters = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    if (url.pathname === '/favicon.ico') { res.writeHead(404).end(); return; }
    const visit = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), receivedAt: Date.now() };
    visits.push(visit);
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const rows = [...url.searchParams].map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`).join('');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Back at the shop</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}th{text-align:left;padding-right:1rem}td code{word-break:break-all}</style>
</head><body><h1 id="shop">Back at the shop</h1><p>${esc(url.pathname)} received:</p><table>${rows}</table></body></html>`);
    for (const w of [...waiters]) w();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    visits,
    // A return_url on this site.
    url: (pathAndQuery) => origin + pathAndQuery,
    // Resolves with the first visit to `pathname`; rejects after `timeoutMs`.
    waitForVisit(pathname, { timeoutMs = NAVIGATION_TIMEOUT_MS } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = visits.find((v) => v.path === pathname);
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`return site: no visit to ${pathname} within ${timeoutMs} ms; got ${JSON.stringify(visits.map((v) => v.path))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// Writes a full-page screenshot to tests/artifacts/<group>/<name>.png; resolves with its path.
export async function screenshot(page, group, name) {
  const dir = path.join(ARTIFACTS_DIR, group);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
