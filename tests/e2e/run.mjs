// Browser end-to-end tests: the real `lianban` binary (embedded SurrealDB in a temporary
// folder, demo world, test mode) and Debian's Chromium driven by playwright-core.
// Usage: LIANBAN_BIN=<path to lianban> node tests/e2e/run.mjs [scenario-name …]
// Screenshots of the main pages land in tests/e2e/artifacts/. Ends with "N passed, N failed".
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { scenarios } from './scenarios.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const artifacts = join(here, 'artifacts');
const bin = process.env.LIANBAN_BIN;
if (!bin) {
  console.error('LIANBAN_BIN is not set');
  process.exit(2);
}

/** Starts lianban on a free port with a fresh data folder and the scenario's extra
 * environment; resolves when /health answers UP. */
async function startServer(extraEnv = {}) {
  const data = mkdtempSync(join(tmpdir(), 'lianban-e2e-'));
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      LIANBAN_PORT: '0',
      LIANBAN_BIND: '127.0.0.1',
      LIANBAN_DATA_DIR: data,
      LIANBAN_WEB_DIR: join(root, 'designer', 'dist'),
      LIANBAN_TEST_MODE: 'true',
      LIANBAN_LOG: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lianban did not start within 120 s')), 120_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const m = out.match(/http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`lianban exited early (${code}):\n${out}`)));
  });
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${base}/health`).catch(() => null);
    if (r && r.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop() {
      child.kill('SIGTERM');
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The 浙政钉 app both the gateway simulator and lianban use in the browser tests. */
export const ZWDD_APP = { key: 'e2e-zwdd', secret: 'e2e-zwdd-secret', tenant: 'e2e-tenant' };

/** Starts simulator `name` (built next to lianban, or at `$<binEnv>`) on a free port with a
 * fresh data folder (`dataEnv`) and `env`; resolves with its address once it listens. */
async function startSimulator(name, binEnv, dataEnv, env) {
  const data = mkdtempSync(join(tmpdir(), `lianban-e2e-${name}-`));
  const simBin = process.env[binEnv] || join(dirname(bin), name);
  const child = spawn(simBin, [], {
    env: { ...process.env, ...env, [dataEnv]: data },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[0-9.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited early (${code}):\n${out}`)));
  });
  return {
    base,
    stop() {
      child.kill('SIGTERM');
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** The 浙政钉 gateway simulator, knowing the app of [`ZWDD_APP`]. */
function startZwddSim() {
  return startSimulator('lianban-zwdd-sim', 'LIANBAN_ZWDD_SIM_BIN', 'LIANBAN_ZWDD_SIM_DATA', {
    LIANBAN_ZWDD_SIM_PORT: '0',
    LIANBAN_ZWDD_SIM_APP_KEY: ZWDD_APP.key,
    LIANBAN_ZWDD_SIM_APP_SECRET: ZWDD_APP.secret,
    LIANBAN_ZWDD_SIM_TENANT_ID: ZWDD_APP.tenant,
    LIANBAN_ZWDD_SIM_LOG: 'warn',
  });
}

/** The sample department system, calling back to `lianbanBase`. */
function startSim(lianbanBase) {
  return startSimulator('lianban-dept-sim', 'LIANBAN_SIM_BIN', 'LIANBAN_SIM_DATA', {
    LIANBAN_SIM_PORT: '0',
    LIANBAN_SIM_LIANBAN_URL: lianbanBase,
    // Longer than lianban's push timeout, so 'timeout' mode really times out.
    LIANBAN_SIM_HANG_SECONDS: '15',
  });
}

async function main() {
  const only = process.argv.slice(2);
  const selected = scenarios.filter((s) => only.length === 0 || only.includes(s.name));
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let passed = 0;
  let failed = 0;
  for (const scenario of selected) {
    // With `zwdd`, lianban's 浙政钉 channel points at the gateway simulator, and its public
    // address (the notices' links) is fixed before it starts.
    const zwdd = scenario.zwdd ? await startZwddSim() : null;
    let env = scenario.env;
    if (zwdd) {
      const port = await freePort();
      env = {
        ...env,
        LIANBAN_PORT: String(port),
        LIANBAN_PUBLIC_URL: `http://127.0.0.1:${port}`,
        LIANBAN_ZWDD_BASE_URL: zwdd.base,
        LIANBAN_ZWDD_APP_KEY: ZWDD_APP.key,
        LIANBAN_ZWDD_APP_SECRET: ZWDD_APP.secret,
        LIANBAN_ZWDD_TENANT_ID: ZWDD_APP.tenant,
      };
    }
    const server = await startServer(env);
    const sim = scenario.sim ? await startSim(server.base) : null;
    const started = Date.now();
    const ctx = new Harness(browser, server.base, scenario.name);
    ctx.sim = sim;
    ctx.zwdd = zwdd;
    try {
      await scenario.run(ctx);
      if (ctx.pageErrors.length > 0) {
        throw new Error(`page errors: ${ctx.pageErrors.join('\n')}`);
      }
      passed++;
      console.log(`ok   ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${scenario.name}: ${e.stack || e}`);
      await ctx.screenshotAll('failure');
    } finally {
      await ctx.close();
      if (sim) sim.stop();
      server.stop();
      if (zwdd) zwdd.stop();
    }
  }
  await browser.close();
  console.log(`screenshots: ${readdirSync(artifacts).length} pages in tests/e2e/artifacts/`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

/** What a scenario gets: pages per user, screenshots, and shared helpers. */
class Harness {
  constructor(browser, base, name) {
    this.browser = browser;
    this.base = base;
    this.name = name;
    this.pages = new Map();
    this.pageErrors = [];
    this.shots = 0;
  }

  /** A logged-in page for `username` (one browser context per user and device). */
  async as(username, viewport = { width: 1280, height: 900 }, device = 'desktop') {
    const key = `${username}@${device}`;
    if (this.pages.has(key)) return this.pages.get(key);
    const context = await this.browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => this.pageErrors.push(`${username}: ${e.message}`));
    await page.goto(`${this.base}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('Lianban@2026');
    if (this.pages.size === 0) await this.screenshot(page, 'login');
    await page.getByTestId('btn-login').click();
    await page.getByTestId('current-user').waitFor();
    this.pages.set(key, page);
    return page;
  }

  /** Logs `username` in afresh, e.g. after the clock moved past the session's lifetime. */
  async relogin(username) {
    const key = `${username}@desktop`;
    const old = this.pages.get(key);
    this.pages.delete(key);
    if (old) await old.context().close().catch(() => {});
    return this.as(username);
  }

  async goto(page, path) {
    await page.goto(`${this.base}${path}`);
  }

  /** Saves a screenshot named after the scenario and `label`. */
  async screenshot(page, label) {
    this.shots++;
    const file = join(artifacts, `${this.name}-${String(this.shots).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
  }

  async screenshotAll(label) {
    for (const [user, page] of this.pages) {
      await this.screenshot(page, `${label}-${user}`).catch(() => {});
    }
  }

  /** Moves the server's clock (test mode only); the server scans the deadlines at once. */
  async advanceClock(minutes) {
    return this.moveClock({ minutes });
  }

  /** Sets the server's clock to an instant, e.g. `2026-03-02T09:00:00+08:00` (test mode only),
   *  and scans the deadlines at that instant; resolves with the scan report. */
  async setClock(at) {
    return this.moveClock({ set: at });
  }

  async moveClock(body) {
    const r = await fetch(`${this.base}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`clock: ${r.status} ${await r.text()}`);
    return (await r.json()).scan;
  }

  async close() {
    for (const page of this.pages.values()) {
      await page.context().close().catch(() => {});
    }
  }
}

main().catch((e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
