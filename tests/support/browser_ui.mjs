// Drives jmb's pages in a real browser (Debian's chromium through playwright-core) for
// tests/api/ui_browser.rs, and prints what it saw as one line of JSON for the Rust test to
// judge: the script reports, the test decides.
//
//   node tests/support/browser_ui.mjs <mode> '<json arguments>'
//
// Modes:
//   book    fill and send the booking form at desktop width
//   answer  an invitee answers on a phone
//   embed   open embedded meetings and record what Jitsi's (fake) IFrame API was given
//   tour    screenshots, axe-core and a horizontal-scroll check of a list of pages
//
// Logins travel as X-Remote-User on every request, as jmb's trusted proxy would send them.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const [mode, json] = process.argv.slice(2);
const args = JSON.parse(json || '{}');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

function contextOptions({ user, name, viewport = DESKTOP, colorScheme = 'light', timezoneId = 'Europe/Paris', locale = 'en-GB' }) {
  const headers = {};
  if (user) { headers['X-Remote-User'] = user; }
  if (name) { headers['X-Remote-Name'] = name; }
  const phone = viewport.width < 600;
  return {
    extraHTTPHeaders: headers,
    viewport,
    colorScheme,
    timezoneId,
    // Sets navigator.language and the Accept-Language header the pages negotiate with.
    locale,
    // A phone's browser: touch, and the page laid out at the device width like on a real one.
    isMobile: phone,
    hasTouch: phone,
    deviceScaleFactor: phone ? 2 : 1,
  };
}

// How far the page is wider than the window: a phone user would have to scroll sideways.
function overflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// jmb's CSP forbids inline scripts, so addScriptTag({content}) would be refused; evaluate()
// runs through the DevTools protocol, which CSP does not govern, and the page keeps its real
// policy for everything else axe looks at.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

async function book(browser) {
  const context = await browser.newContext(contextOptions({ user: args.user }));
  const page = await context.newPage();
  const out = {};
  await page.goto(`${args.base}/booking/new`);
  // The presets start hidden and jmb.js shows them: waiting proves the script ran under CSP.
  await page.waitForSelector('[data-presets-for=duration_min]', { state: 'visible', timeout: 10000 });
  await page.fill('#subject', args.subject);
  await page.fill('#date', args.date);
  await page.fill('#time', args.time);
  await page.click(`[data-presets-for=duration_min] button[data-minutes="${args.preset}"]`);
  out.durationAfterPreset = await page.inputValue('#duration_min');
  out.pressed = await page.$$eval('[data-presets-for=duration_min] button[aria-pressed=true]',
    (bs) => bs.map((b) => b.dataset.minutes));
  await page.fill('#description', args.description);
  await page.fill('#participants', args.participants);
  await page.fill('#moderators', args.moderators);
  await Promise.all([
    page.waitForURL(/\/booking\/\d+$/, { timeout: 10000 }),
    page.click('form.card button[type=submit]'),
  ]);
  out.bookedAt = new URL(page.url()).pathname;
  out.heading = (await page.textContent('h1')).trim();
  return out;
}

async function apiPartstat(email) {
  const r = await fetch(`${args.base}/api/v1/meetings/${args.meetingId}`, {
    headers: { 'X-Remote-User': args.owner },
  });
  const m = await r.json();
  return m.invitees.find((i) => i.email === email).partstat;
}

async function answer(browser) {
  // Someone travelling: the phone's zone is not the server's, so times show twice.
  const context = await browser.newContext(contextOptions({ viewport: PHONE, timezoneId: 'America/New_York' }));
  const page = await context.newPage();
  const out = {};
  const r = await page.goto(`${args.base}${args.path}`);
  out.status = r.status();
  out.partstatAfterGet = await apiPartstat(args.email);
  out.shownBefore = (await page.textContent('[class^=partstat-]')).trim();
  out.localTimes = await page.locator('.local-time').count();
  out.overflow = await overflow(page);
  const accept = page.locator('button[name=answer][value=accept]');
  out.acceptBox = await accept.boundingBox();
  await Promise.all([
    page.waitForURL(/recorded=1/, { timeout: 10000 }),
    accept.tap(),
  ]);
  out.partstatAfterTap = await apiPartstat(args.email);
  out.shownAfter = (await page.textContent('[class^=partstat-]')).trim();
  out.notice = (await page.textContent('.notice')).trim();
  out.overflowAfter = await overflow(page);
  return out;
}

async function embed(browser) {
  const out = [];
  for (const visit of args.visits) {
    const context = await browser.newContext(contextOptions({ user: visit.user, name: visit.name }));
    const page = await context.newPage();
    const requests = [];
    const messages = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    const r = await page.goto(`${args.base}${visit.path}`);
    const status = r.status();
    let jitsi = null;
    try {
      await page.waitForFunction(() => window.__jitsi, null, { timeout: 10000 });
      jitsi = await page.evaluate(() => window.__jitsi);
    } catch (e) {
      // Reported as null; the test says what it expected.
    }
    out.push({
      path: visit.path,
      status,
      requests,
      console: messages,
      jitsi,
      fallbackHidden: await page.locator('#meet-fallback').isHidden(),
    });
    await context.close();
  }
  return out;
}

// Each page at each width, light and dark: a screenshot, axe-core's violations, and whether
// the page is wider than a phone's window.
async function tour(browser) {
  mkdirSync(args.shotDir, { recursive: true });
  // args.locale: the tour in another language (light only, at both widths).
  const lang = args.locale ? `-${args.locale}` : '';
  const variants = [
    { viewport: PHONE, colorScheme: 'light', suffix: lang },
    { viewport: DESKTOP, colorScheme: 'light', suffix: lang },
    ...(args.locale ? [] : [
      { viewport: PHONE, colorScheme: 'dark', suffix: '-dark' },
      { viewport: DESKTOP, colorScheme: 'dark', suffix: '-dark', only: ['list'] },
    ]),
  ];
  const out = [];
  for (const p of args.pages) {
    for (const v of variants) {
      if (v.only && !v.only.includes(p.name)) { continue; }
      const context = await browser.newContext(contextOptions({ user: p.user, locale: args.locale, ...v }));
      const page = await context.newPage();
      // Script errors, CSP refusals, and sub-resources that failed. The document's own
      // status is checked on its own (a refused form is a 422 on purpose), and a missing
      // /favicon.ico (Chromium asks for it unbidden) is not the page's fault.
      const errors = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) { errors.push(m.text()); }
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (resp) => {
        const path = new URL(resp.url()).pathname;
        if (resp.status() >= 400 && resp.request().resourceType() !== 'document' && path !== '/favicon.ico') {
          errors.push(`${resp.status()} ${resp.url()}`);
        }
      });
      const r = await page.goto(`${args.base}${p.path}`);
      let status = r.status();
      if (p.submit) {
        // A bad submission: the page that comes back carries the errors.
        for (const [field, value] of Object.entries(p.submit)) { await page.fill(`#${field}`, value); }
        const [resp] = await Promise.all([
          page.waitForNavigation({ timeout: 10000 }),
          page.click('form.card button[type=submit]'),
        ]);
        status = resp.status();
      }
      const shot = `${args.shotDir}/${p.name}-${v.viewport.width}${v.suffix}.png`;
      await page.screenshot({ path: shot, fullPage: true });
      out.push({
        name: p.name,
        width: v.viewport.width,
        colorScheme: v.colorScheme,
        lang: await page.evaluate(() => document.documentElement.lang),
        status,
        shot,
        errors,
        focusedRole: await page.evaluate(() => document.activeElement.getAttribute('role')),
        overflow: await overflow(page),
        violations: await axe(page),
      });
      await context.close();
    }
  }
  return out;
}

const modes = { book, answer, embed, tour };
if (!modes[mode]) {
  console.error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  console.log(JSON.stringify(await modes[mode](browser)));
} finally {
  await browser.close();
}
