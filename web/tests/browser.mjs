// The web client in a real browser (Debian's Chromium driven by playwright-core) against a running
// local stack. Run by tests/…/WebClientIT; by hand:
//   ATELIER_URL=http://127.0.0.1:8080 ATELIER_API_KEY=sk-… ATELIER_ADMIN_API_KEY=sk-… node web/tests/browser.mjs
// Each step runs even when an earlier one failed; the run exits 1 naming every failed step. Figures
// are printed as "figure name=value" lines; screenshots go to SCREENSHOT_DIR (docs/screenshots).
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = required('ATELIER_URL');
const DEMO_KEY = required('ATELIER_API_KEY');
const ADMIN_KEY = required('ATELIER_ADMIN_API_KEY');
const SHOTS = process.env.SCREENSHOT_DIR ?? join(process.cwd(), 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const IMAGE_TIMEOUT = 120_000;
const PROMPT = 'a red circle on the left on a white background';
const REFUSED_PROMPT = 'a photo of donald trump';

mkdirSync(SHOTS, { recursive: true });
const failures = [];
const cspViolations = [];

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`browser.mjs: set ${name}`);
    process.exit(2);
  }
  return value;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function step(name, work) {
  const started = Date.now();
  try {
    await work();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
  }
}

async function balance(key) {
  const response = await fetch(`${BASE}/v1/credits`, { headers: { Authorization: `Bearer ${key}` } });
  check(response.ok, `GET /v1/credits answered ${response.status}`);
  return (await response.json()).total;
}

function watch(page) {
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) {
      cspViolations.push(message.text());
    }
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
}

/** axe-core in the page (evaluated over the DevTools protocol, which the page's CSP does not govern). */
async function axe(page, name) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
  for (const violation of serious) {
    console.log(`axe ${name}: ${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  }
  check(serious.length === 0, `axe found ${serious.length} serious or critical violation(s) on ${name}`);
}

async function shoot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function noHorizontalScroll(page, name) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  check(widths.scroll <= widths.client, `${name} scrolls sideways: ${widths.scroll} px of content in ${widths.client} px`);
}

async function signIn(page, key) {
  await page.goto(`${BASE}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Create' }).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  check(await page.evaluate(() => sessionStorage.length) === 0, 'signing out left the key in sessionStorage');
}

async function open(page, path, heading) {
  await page.goto(`${BASE}/#/${path}`);
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
}

/** Waits until the newest job card's images have all loaded; answers when the first and the last did, in ms since `since`. */
async function imagesOfNewestJob(page, count, since) {
  const card = page.locator('article.job').first();
  await card.locator('img').first().waitFor({ timeout: IMAGE_TIMEOUT }).catch(async (error) => {
    const said = await page.locator('.status').allTextContents();
    throw new Error(`no image arrived; the page says: ${said.filter(Boolean).join(' | ')}`, { cause: error });
  });
  const loaded = () => card.locator('img').evaluateAll((images) => images.filter((image) => image.complete && image.naturalWidth > 0).length);
  let first = null;
  const deadline = Date.now() + IMAGE_TIMEOUT;
  for (;;) {
    const done = await loaded();
    if (done > 0 && first === null) {
      first = Date.now() - since;
    }
    if (done >= count) {
      return { first, all: Date.now() - since };
    }
    check(Date.now() < deadline, `only ${done} of ${count} images loaded`);
    await page.waitForTimeout(50);
  }
}

async function paintStroke(page, points) {
  const canvas = page.getByRole('img', { name: /Mask/ });
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const point of points.slice(1)) {
    await page.mouse.move(...at(point), { steps: 5 });
  }
  await page.mouse.up();
}

/** A finger drag: touch events through the DevTools protocol, which Chromium turns into pointer events. */
async function touchStroke(page, points) {
  const canvas = page.getByRole('img', { name: /Mask/ });
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = ([x, y]) => ({ x: box.x + x * box.width, y: box.y + y * box.height });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(points[0])] });
  for (const point of points.slice(1)) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(point)] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  // Chromium's gesture detector swallows the first tap after a drag sent this way (seen with Chromium
  // 156): a tap on the page's heading, which does nothing, takes it.
  await page.getByRole('heading').first().tap();
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desktop.newPage();
  watch(page);

  await step('the gateway serves the app with strict security headers', async () => {
    const response = await page.goto(`${BASE}/`);
    const headers = response.headers();
    check(/script-src 'self'/.test(headers['content-security-policy'] ?? ''), 'no script-src \'self\' in the CSP');
    check(!/unsafe-inline/.test(headers['content-security-policy']), 'the CSP allows inline code');
    check(/frame-ancestors 'none'/.test(headers['content-security-policy']), 'the CSP lets other sites frame the app');
    check(headers['x-content-type-options'] === 'nosniff', 'no X-Content-Type-Options: nosniff');
    check(Boolean(headers['referrer-policy']), 'no Referrer-Policy');
    check(headers['cache-control'] === 'no-cache', `index.html is cached: ${headers['cache-control']}`);
  });

  await step('sign-in page: accessible, screenshot', async () => {
    await page.getByLabel('API key').waitFor();
    await axe(page, 'sign-in');
    await shoot(page, 'signin-desktop');
  });

  await step('a wrong API key is refused and nothing is kept', async () => {
    await page.getByLabel('API key').fill('sk-not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
    check(await page.evaluate(() => sessionStorage.length) === 0, 'a refused key stayed in sessionStorage');
  });

  await step('sign in with the demo key', async () => {
    await signIn(page, DEMO_KEY);
    check(await page.evaluate(() => Object.values(sessionStorage).length) === 1, 'the key is not in sessionStorage');
  });

  await step('sign in with OpenID Connect (authorization code + PKCE), where the stack has a provider', async () => {
    const config = await fetch(`${BASE}/v1/auth/config`).then((response) => (response.ok ? response.json() : { oidc: null }));
    if (!config.oidc) {
      console.log('skip OIDC sign-in: GET /v1/auth/config names no provider on this stack');
      return;
    }
    const context = await browser.newContext();
    const oidcPage = await context.newPage();
    await oidcPage.goto(`${BASE}/`);
    await oidcPage.getByRole('button', { name: 'Continue with OpenID Connect' }).click();
    // mock-oauth2-server asks for a user name when its login is interactive; otherwise it redirects at once.
    const username = oidcPage.locator('input[name="username"]');
    await Promise.race([username.waitFor(), oidcPage.getByRole('heading', { name: 'Create' }).waitFor()]);
    if (await username.isVisible()) {
      await username.fill(`artist-${Date.now()}`);
      await oidcPage.locator('input[type="submit"], button[type="submit"]').first().click();
    }
    await oidcPage.getByRole('heading', { name: 'Create' }).waitFor();
    check(new URL(oidcPage.url()).search === '', 'the code and state stayed in the address');
    await open(oidcPage, 'credits', 'Credits');
    await oidcPage.locator('[data-balance]').waitFor();
    await context.close();
  });

  await step('keyboard alone: generate 4 images, see the cost first and each job\'s progress; time to first image', async () => {
    await page.getByRole('heading', { name: 'Create' }).waitFor();
    await page.locator('body').focus();
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('name') === 'prompt')) {
        break;
      }
    }
    check(await page.evaluate(() => document.activeElement?.getAttribute('name') === 'prompt'), 'Tab never reached the prompt');
    await page.keyboard.type(PROMPT);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('4');
    check((await page.locator('output.cost').textContent()).includes('Costs 1 credit'), 'the cost of 4 images is not shown as 1 credit');
    for (let presses = 0; presses < 10; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.textContent === 'Generate')) {
        break;
      }
    }
    check(await page.evaluate(() => document.activeElement?.textContent === 'Generate'), 'Tab never reached Generate');
    const before = await balance(DEMO_KEY);
    const pressed = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('article.job .steps').first().filter({ hasText: /of \d+ steps|queued|running/ }).waitFor();
    const times = await imagesOfNewestJob(page, 4, pressed);
    console.log(`figure time_to_first_image_ms=${times.first}`);
    console.log(`figure time_to_four_images_ms=${times.all}`);
    const steps = await page.locator('article.job .steps').first().textContent();
    check(/succeeded: (\d+) of \1 steps/.test(steps), `the finished job shows "${steps}"`);
    check(await balance(DEMO_KEY) === before - 1, 'four images did not cost exactly one credit');
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download image 1' }).first().click()]);
    check(download.suggestedFilename().endsWith('-1.png'), `the download is named ${download.suggestedFilename()}`);
    await axe(page, 'create');
    await shoot(page, 'create-desktop');
  });

  await step('a prompt refused by the content policy is explained and leaves the balance as it was', async () => {
    const before = await balance(DEMO_KEY);
    await page.getByLabel('Prompt').fill(REFUSED_PROMPT);
    await page.getByRole('button', { name: 'Generate' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'content policy' });
    await alert.waitFor();
    check((await alert.textContent()).includes('Nothing was charged'), 'the refusal does not say nothing was charged');
    check(await balance(DEMO_KEY) === before, 'the refused prompt changed the balance');
  });

  await step('a prompt about a person shows the prompt as the diversity rule revised it', async () => {
    await page.getByLabel('Prompt').fill('a doctor next to a red circle');
    await page.getByLabel('Number of images').fill('1');
    await page.getByRole('button', { name: 'Generate' }).click();
    const revised = page.locator('article.job').first().locator('.revised');
    await revised.waitFor();
    check(/^Revised prompt: .*doctor/.test(await revised.textContent()), `revised prompt shown as "${await revised.textContent()}"`);
    await imagesOfNewestJob(page, 1, Date.now());
  });

  await step('edit with a painted mask (brush, undo, paint again)', async () => {
    await open(page, 'edit', 'Edit and vary');
    await page.getByRole('button', { name: /^Use image 1(:|$)/ }).click();
    await page.getByRole('img', { name: /Mask/ }).waitFor();
    await page.getByText('Image ready').waitFor();
    await paintStroke(page, [[0.1, 0.1], [0.3, 0.2]]);
    const undo = page.getByRole('button', { name: 'Undo' });
    check(await undo.isEnabled(), 'Undo is not offered after painting');
    await undo.click();
    check(await undo.isDisabled(), 'Undo is still offered with nothing to undo');
    await page.getByLabel('Brush size').fill('40');
    await paintStroke(page, [[0.6, 0.5], [0.8, 0.6], [0.7, 0.8]]);
    await page.getByLabel('Prompt').fill('a blue square');
    await page.getByLabel('Number of images').fill('1');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await imagesOfNewestJob(page, 1, Date.now());
    check((await page.locator('article.job').first().getAttribute('data-status')) === 'succeeded', 'the edit did not succeed');
    await axe(page, 'edit');
    await shoot(page, 'edit-desktop');
  });

  await step('variations of an image', async () => {
    const jobsBefore = await page.locator('article.job').count();
    await page.getByRole('button', { name: 'Make variations' }).click();
    await page.locator('article.job').nth(jobsBefore).waitFor();
    await imagesOfNewestJob(page, 1, Date.now());
    check((await page.locator('article.job').first().locator('h3').textContent()).startsWith('Variations'), 'the newest job is not a variation');
  });

  await step('history: newest first, parameters, run again', async () => {
    await open(page, 'history', 'History');
    const rows = page.locator('li.history-row');
    await rows.first().waitFor();
    check(await rows.count() >= 3, `history lists ${await rows.count()} jobs`);
    check((await rows.first().textContent()).includes('variation'), 'the newest job is not first');
    await axe(page, 'history');
    await shoot(page, 'history-desktop');
    const generation = rows.filter({ has: page.getByRole('button', { name: 'Run again' }) }).first();
    const images = Number(/(\d+) \u00d7 /.exec(await generation.textContent())[1]);
    await generation.getByRole('button', { name: 'Run again' }).click();
    await page.getByRole('heading', { name: 'Create' }).waitFor();
    await imagesOfNewestJob(page, images, Date.now());
  });

  await step('credits: a test-mode purchase shows in the balance and the ledger; a grant application', async () => {
    await open(page, 'credits', 'Credits');
    const figure = page.locator('[data-balance]');
    await figure.waitFor();
    const before = Number(await figure.getAttribute('data-balance'));
    const purchases = page.locator('tr[data-type="purchase"]').filter({ hasText: '+115' }).locator('td.reference');
    const seen = new Set(await purchases.allTextContents());
    await page.locator('.badge').filter({ hasText: 'TEST MODE' }).waitFor();
    await page.getByRole('button', { name: 'Buy in test mode' }).click();
    await page.getByText('Test payment received').waitFor();
    const fresh = (await purchases.allTextContents()).filter((reference) => !seen.has(reference));
    check(fresh.length === 1 && fresh[0].startsWith('pi_test_'), `new purchases in the ledger: ${fresh}`);
    check(Number(await figure.getAttribute('data-balance')) === before + 115, 'the balance did not grow by 115');
    await page.getByLabel('About your work').fill('I paint geometric abstractions and want to explore them with Atelier.');
    await page.getByLabel('Portfolio URL').fill('https://example.org/portfolio');
    await page.getByRole('button', { name: 'Apply for a grant' }).click();
    await page.getByText('Application sent').waitFor();
    await axe(page, 'credits');
    await shoot(page, 'credits-desktop');
  });

  await step('admin: resolve a review; grant, suspend and restore its account; approve a grant application', async () => {
    await signOut(page);
    await signIn(page, ADMIN_KEY);
    await open(page, 'admin', 'Admin');
    const review = page.locator('li.queue-item').filter({ hasText: REFUSED_PROMPT }).first();
    await review.waitFor();
    const id = await review.getAttribute('data-review-id');
    await axe(page, 'admin');
    await shoot(page, 'admin-desktop');
    const account = /account (\S+)/.exec(await review.textContent())[1];
    await page.getByRole('button', { name: `Uphold review ${id}` }).click();
    await page.locator(`[data-review-id="${id}"]`).waitFor({ state: 'detached' });
    const accounts = page.locator('section[aria-labelledby="accounts-title"]');
    const before = await balance(DEMO_KEY);
    await accounts.getByLabel('Account id').fill(account);
    await accounts.getByLabel('Credits', { exact: true }).fill('7');
    await accounts.getByRole('button', { name: 'Grant credits' }).click();
    await accounts.getByText('Credits granted.').waitFor();
    check(await balance(DEMO_KEY) === before + 7, 'the grant did not add 7 credits to the reviewed account');
    await accounts.getByRole('button', { name: 'Suspend' }).click();
    await accounts.getByText('Account suspended.').waitFor();
    const suspended = await fetch(`${BASE}/v1/credits`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
    check(suspended.status === 403, `a suspended account's key answered ${suspended.status}`);
    await accounts.getByRole('button', { name: 'Restore' }).click();
    await accounts.getByText('Account restored.').waitFor();
    check(await balance(DEMO_KEY) === before + 7, 'the restored account cannot read its balance');
    const application = page.locator('li.queue-item').filter({ hasText: 'geometric abstractions' }).first();
    await application.getByRole('button', { name: 'Approve' }).click();
    await application.waitFor({ state: 'detached' });
  });

  await step('dashboard: charts drawn with data', async () => {
    await open(page, 'dashboard', 'Costs and usage');
    await page.locator('figure.chart canvas').first().waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`no chart: ${await page.locator('.status').first().textContent()}`);
    });
    const points = await page.locator('figure.chart').evaluateAll((figures) => figures.map((figure) => Number(figure.dataset.points)));
    check(points.length >= 4 && points.every((count) => count > 0), `charts without data: points per chart ${points}`);
    await axe(page, 'dashboard');
    await shoot(page, 'dashboard-desktop');
  });
  await desktop.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  const mobile = await phone.newPage();
  watch(mobile);

  await step('phone 390x844, touch: sign in, create, images arrive', async () => {
    await mobile.goto(`${BASE}/`);
    await shoot(mobile, 'signin-phone');
    await mobile.getByLabel('API key').tap();
    await mobile.getByLabel('API key').fill(DEMO_KEY);
    await mobile.getByRole('button', { name: 'Sign in' }).tap();
    await mobile.getByRole('heading', { name: 'Create' }).waitFor();
    await mobile.getByLabel('Prompt').tap();
    await mobile.getByLabel('Prompt').fill('a green triangle at the top on a black background');
    await mobile.getByLabel('Number of images').fill('2');
    await mobile.getByRole('button', { name: 'Generate' }).tap();
    await imagesOfNewestJob(mobile, 2, Date.now());
    await noHorizontalScroll(mobile, 'create');
    await shoot(mobile, 'create-phone');
  });

  await step('phone: paint a mask with a finger and edit', async () => {
    await open(mobile, 'edit', 'Edit and vary');
    await mobile.getByRole('button', { name: /^Use image 1(:|$)/ }).tap();
    await mobile.getByText('Image ready').waitFor();
    await touchStroke(mobile, [[0.2, 0.2], [0.4, 0.3], [0.5, 0.5]]);
    check(await mobile.getByRole('button', { name: 'Undo' }).isEnabled(), 'the finger painted nothing');
    await mobile.getByLabel('Prompt').fill('a yellow circle');
    await mobile.getByLabel('Number of images').fill('1');
    await mobile.getByRole('button', { name: 'Edit', exact: true }).tap();
    await imagesOfNewestJob(mobile, 1, Date.now());
    await noHorizontalScroll(mobile, 'edit');
    await shoot(mobile, 'edit-phone');
  });

  for (const [path, heading] of [['history', 'History'], ['credits', 'Credits']]) {
    await step(`phone: ${path} fits the screen`, async () => {
      await open(mobile, path, heading);
      await mobile.locator(path === 'history' ? 'li.history-row' : 'tr[data-type]').first().waitFor();
      await noHorizontalScroll(mobile, path);
      await shoot(mobile, `${path}-phone`);
    });
  }

  await step('phone: admin pages fit the screen', async () => {
    await signOut(mobile);
    await mobile.getByLabel('API key').fill(ADMIN_KEY);
    await mobile.getByRole('button', { name: 'Sign in' }).tap();
    await mobile.getByRole('heading', { name: 'Create' }).waitFor();
    await open(mobile, 'admin', 'Admin');
    await mobile.waitForLoadState('networkidle');
    await noHorizontalScroll(mobile, 'admin');
    await shoot(mobile, 'admin-phone');
    await open(mobile, 'dashboard', 'Costs and usage');
    await mobile.waitForLoadState('networkidle');
    await mobile.waitForTimeout(300);
    await noHorizontalScroll(mobile, 'dashboard');
    await shoot(mobile, 'dashboard-phone');
  });

  await step('360 px wide: no page scrolls sideways', async () => {
    await mobile.setViewportSize({ width: 360, height: 740 });
    for (const [path, heading] of [['create', 'Create'], ['edit', 'Edit and vary'], ['history', 'History'],
      ['credits', 'Credits'], ['admin', 'Admin'], ['dashboard', 'Costs and usage']]) {
      await open(mobile, path, heading);
      await mobile.waitForLoadState('networkidle');
      await noHorizontalScroll(mobile, `${path} at 360 px`);
    }
  });

  await step('installable: manifest, icons, a service worker that never caches the API', async () => {
    const manifest = await (await fetch(`${BASE}/manifest.webmanifest`)).json();
    check(manifest.icons.some((icon) => icon.sizes === '512x512'), 'no 512 px icon in the manifest');
    for (const icon of manifest.icons) {
      const response = await fetch(`${BASE}${icon.src}`);
      check(response.ok && response.headers.get('content-type') === 'image/png', `icon ${icon.src} is not served as PNG`);
    }
    const registered = await mobile.evaluate(async () => Boolean(await navigator.serviceWorker.getRegistration('/')));
    check(registered, 'no service worker registered');
    const cachedApi = await mobile.evaluate(async () => {
      const keys = [];
      for (const name of await caches.keys()) {
        keys.push(...(await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname));
      }
      return keys.filter((path) => path.startsWith('/v1/') || path.startsWith('/local/'));
    });
    check(cachedApi.length === 0, `the service worker cached API answers: ${cachedApi}`);
  });
  await phone.close();

  await step('no Content-Security-Policy violation or page error on any page', async () => {
    check(cspViolations.length === 0, cspViolations.join('\n'));
  });
} finally {
  await browser.close();
}

const summary = `${failures.length === 0 ? 'all steps passed' : `failed steps: ${failures.join('; ')}`}`;
console.log(summary);
process.exit(failures.length === 0 ? 0 : 1);
