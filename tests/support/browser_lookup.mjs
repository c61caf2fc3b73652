// Drives the booking form's invitee autocompletion in a real browser (Debian's chromium through
// playwright-core): types into the lookup fields, picks suggestions, books, and prints what
// happened as JSON for the Rust test to check.
//
//   node tests/support/browser_lookup.mjs <jmb base URL> <login>
// The login is sent as X-Remote-User on every request, as jmb's trusted proxy would.
import { chromium } from 'playwright-core';

const [base, login] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Remote-User': login } });
  const page = await context.newPage();
  await page.goto(`${base}/booking/new`);
  await page.waitForSelector('#participants-lookup', { state: 'visible', timeout: 10000 });

  const suggest = async (field, text) => {
    await page.fill(`#${field}-lookup`, text);
    await page.waitForFunction(
      (f) => document.querySelectorAll(`#${f}-people option`).length > 0,
      field,
      { timeout: 10000 },
    );
    return page.$$eval(`#${field}-people option`, (os) => os.map((o) => o.value));
  };

  const out = {};
  out.participantSuggestions = await suggest('participants', 'ali');
  await page.fill('#participants-lookup', out.participantSuggestions[0]);
  out.moderatorSuggestions = await suggest('moderators', 'star');
  await page.fill('#moderators-lookup', out.moderatorSuggestions[1]);
  out.participants = await page.inputValue('#participants');
  out.moderators = await page.inputValue('#moderators');
  out.lookupAfterPick = await page.inputValue('#participants-lookup');

  await page.fill('#subject', 'Picked from the directory');
  await Promise.all([page.waitForURL(/\/booking\/\d+$/), page.click('form.card button[type=submit]')]);
  out.bookedAt = new URL(page.url()).pathname;
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
