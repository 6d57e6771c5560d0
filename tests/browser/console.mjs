// Drives headless Chromium (/usr/bin/chromium, through playwright-core)
// against a running `certgate serve`; run by tests/e2e/console/browser_test.cpp.
//
//   node console.mjs BASE_URL IDS_JSON [SCREENSHOT_PNG]
//
// IDS_JSON maps the test's certificate keys (issued30, issued31, uploaded30,
// hosting30, expired, hostile) to their ids, plus "hostile_name". Prints one
// "ok: ..." line per check that passed and "FAIL: ..." for each that did
// not; exits 0 only when every check passed.

import { chromium } from 'playwright-core';

const [baseUrl, idsJson, screenshotPath] = process.argv.slice(2);
const ids = JSON.parse(idsJson);
let failures = 0;

function check(condition, what, detail = '') {
  if (condition) {
    console.log(`ok: ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL: ${what}${detail ? ` (${detail})` : ''}`);
  }
}

// The accessibility rules this test holds every page to, measured in the
// rendered page:
// 1. exactly one h1;
// 2. headings in order: the first is h1 and no level is skipped going down;
// 3. every form control (input, select, textarea, button) has a label: a
//    <label for>, a wrapping <label>, aria-label/aria-labelledby, or (buttons)
//    its own text;
// 4. every visible text has a contrast of at least 4.5:1 (WCAG 2 AA for
//    normal text) between its computed colour and the first opaque background
//    behind it (white when none).
async function accessibilityFindings(page) {
  return page.evaluate(() => {
    const findings = [];
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) findings.push(`${h1s.length} h1 elements`);
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    let previous = 0;
    for (const heading of headings) {
      const level = Number(heading.tagName[1]);
      if (previous === 0 && level !== 1) findings.push(`first heading is ${heading.tagName}`);
      if (previous !== 0 && level > previous + 1) findings.push(`${heading.tagName} after h${previous}`);
      previous = level;
    }
    for (const control of document.querySelectorAll('input, select, textarea, button')) {
      const labelled = (control.id && document.querySelector(`label[for="${control.id}"]`)) ||
        control.closest('label') || control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby') ||
        (control.tagName === 'BUTTON' && control.textContent.trim() !== '');
      if (!labelled) findings.push(`unlabelled ${control.tagName.toLowerCase()}#${control.id}`);
    }
    const parse = (text) => {
      const numbers = text.match(/[\d.]+/g).map(Number);
      return { r: numbers[0], g: numbers[1], b: numbers[2], a: numbers.length > 3 ? numbers[3] : 1 };
    };
    const luminance = ({ r, g, b }) => {
      const channel = (value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element) => {
      for (let at = element; at; at = at.parentElement) {
        const colour = parse(getComputedStyle(at).backgroundColor);
        if (colour.a > 0) return colour;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    let measured = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim() === '') continue;
      const element = node.parentElement;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none' || element.getClientRects().length === 0) continue;
      const fore = luminance(parse(style.color));
      const back = luminance(background(element));
      const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
      measured += 1;
      if (ratio < 4.5) {
        findings.push(`contrast ${ratio.toFixed(2)}:1 for "${node.textContent.trim().slice(0, 30)}" ` +
          `(${style.color} on ${getComputedStyle(element).backgroundColor})`);
      }
    }
    if (measured === 0) findings.push('no text measured');
    return findings;
  });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  timeout: 30000,
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, javaScriptEnabled: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  // The reminder banner: issued and hosted at 30 days; not at 31, not uploaded.
  await page.goto(`${baseUrl}/`);
  const banners = await page.$$eval('.banner.reminder', (nodes) => nodes.map((node) => node.dataset.certificate));
  check(banners.length === 2 && banners.includes(ids.issued30) && banners.includes(ids.hosting30),
    'reminder banners for the issued and the hosted certificate 30 days before expiry', JSON.stringify(banners));
  check(!banners.includes(ids.issued31), 'no banner for the issued certificate 31 days before expiry');
  check(!banners.includes(ids.uploaded30), 'no banner for the uploaded certificate 30 days before expiry');
  check(await page.isVisible(`.banner.reminder[data-certificate="${ids.issued30}"]`), 'the banner is visible');

  // The user-supplied name is text: the link reads exactly the name, no
  // script element exists, hovering fires nothing.
  const hostileLink = page.locator(`tr[data-certificate="${ids.hostile}"] td:first-child a`);
  check(await hostileLink.textContent() === ids.hostile_name, 'the <script> name renders as its own text');
  await hostileLink.hover();
  check(await page.locator('script').count() === 0, 'no script element on the page');

  if (screenshotPath) {
    await page.screenshot({ path: screenshotPath, fullPage: true });
    console.log(`ok: screenshot ${screenshotPath}`);
  }
  const listFindings = await accessibilityFindings(page);
  check(listFindings.length === 0, 'list page: one h1, headings in order, controls labelled, contrast >= 4.5:1',
    listFindings.join('; '));

  // Filters, through the form as a person would use it.
  await page.selectOption('#severity', 'expired');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  let rows = await page.$$eval('tr.row', (nodes) => nodes.map((node) => node.dataset.certificate));
  check(page.url().endsWith('/?severity=expired&status=') && rows.length === 1 && rows[0] === ids.expired,
    'severity filter shows only the expired certificate', `${page.url()} ${JSON.stringify(rows)}`);
  await page.selectOption('#severity', '');
  await page.selectOption('#status', 'uploaded');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  rows = await page.$$eval('tr.row', (nodes) => nodes.map((node) => node.dataset.certificate));
  check(rows.length === 2 && rows.includes(ids.uploaded30) && rows.includes(ids.hostile),
    'status filter shows only the uploaded certificates', JSON.stringify(rows));

  // The expired certificate's toggle is locked; an uploaded one has none.
  await page.goto(`${baseUrl}/certificates/${ids.expired}`);
  check(await page.isVisible('#toggle-locked') && (await page.textContent('#toggle-locked')) === 'locked',
    'the expired certificate shows its toggle locked');
  const detailFindings = await accessibilityFindings(page);
  check(detailFindings.length === 0, 'certificate page passes the accessibility check', detailFindings.join('; '));
  await page.goto(`${baseUrl}/certificates/${ids.uploaded30}`);
  check(await page.locator('#toggle').count() === 0, 'the uploaded certificate has no toggle');
  await page.goto(`${baseUrl}/certificates/${ids.hostile}`);
  check(await page.textContent('h1') === ids.hostile_name, 'the <script> name is the page heading, as text');

  await page.goto(`${baseUrl}/recipients`);
  const recipientFindings = await accessibilityFindings(page);
  check(recipientFindings.length === 0, 'recipients page passes the accessibility check', recipientFindings.join('; '));

  // The stylesheet applied under the Content-Security-Policy (no violation).
  const styled = await page.$eval('header.top', (node) => getComputedStyle(node).backgroundColor);
  check(styled === 'rgb(31, 41, 55)', 'the console stylesheet is applied', styled);
  check(dialogs.length === 0, 'no dialog fired', JSON.stringify(dialogs));
  check(consoleErrors.length === 0, 'no error in the browser console', JSON.stringify(consoleErrors));
} finally {
  await browser.close();
}
console.log(failures === 0 ? 'console browser test: all checks passed' : `console browser test: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
