#!/usr/bin/env node
// End-to-end check of the built site against a running Tidings server, in headless Chromium
// driven by playwright-core (which never downloads a browser: it uses the system one).
//
//   TIDINGS_URL=http://127.0.0.1:8080 npm run e2e
//
// Env: TIDINGS_URL (required), CHROMIUM (default /usr/bin/chromium),
//      E2E_SCREENSHOTS (default ../target/e2e relative to web/),
//      E2E_OUTBOX (the server's `data_dir/outbox`: new accounts are confirmed through the
//      mailed link; unset = the server must not require confirmed addresses),
//      E2E_FAST3G_RUNS (how many times the Fast 3G first-card timing is taken per page, default 5),
//      E2E_FAST3G_BUDGET_MS (what the median first-card time on Fast 3G may be, default 1200),
//      E2E_OAUTH_PROVIDER (the address of tests/scripts/oauth-provider.mjs, which the server is
//      configured to use for GitHub and for OpenID Connect as "Example ID"; unset = the sign-in
//      with a provider steps are skipped),
//      E2E_ADMIN (`name:password` of a confirmed administrator on the server; unset = the
//      moderation step makes one with the server's own command line, `tidings create-admin`,
//      against the server's database: E2E_TIDINGS_BIN, default $CARGO_TARGET_DIR or ../target,
//      then /debug/tidings; E2E_DATA_DIR, default the outbox's folder, as the outbox is
//      `data_dir/outbox`; E2E_DATABASE_URL, default the `e2e.db` that tests/scripts/web.sh puts
//      there. Without either the moderation step is skipped).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const baseUrl = (process.env.TIDINGS_URL ?? "").replace(/\/+$/, "");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const shotsDir = path.resolve(webDir, process.env.E2E_SCREENSHOTS || "../target/e2e");
const api = `${baseUrl}/api/v1`;

if (!baseUrl) {
  console.error("e2e: set TIDINGS_URL to the server that serves web/dist and the API, e.g. http://127.0.0.1:8080");
  process.exit(2);
}

const outboxDir = process.env.E2E_OUTBOX || "";
/** axe-core (npm), run inside the page by the accessibility steps. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The demo post the server seeds (`serve --seed-demo`, from api/demo/demo-feed.atom.xml). */
const DEMO_TITLE = "Why we rebuilt a Flask community site in Rust";
const oauthProvider = (process.env.E2E_OAUTH_PROVIDER ?? "").replace(/\/+$/, "");
/** The server's data folder: the outbox is `data_dir/outbox`. */
const dataDir = process.env.E2E_DATA_DIR || (outboxDir ? path.dirname(path.resolve(outboxDir)) : "");
/** The server's binary, for its command line (`tidings create-admin`), as tests/scripts/web.sh finds it. */
const tidingsBin =
  process.env.E2E_TIDINGS_BIN || path.join(process.env.CARGO_TARGET_DIR || path.resolve(webDir, "../target"), "debug", "tidings");
/** The server's database, for that command line. */
const databaseUrl =
  process.env.E2E_DATABASE_URL ||
  (dataDir && existsSync(path.join(dataDir, "e2e.db")) ? `sqlite://${path.join(dataDir, "e2e.db")}?mode=rwc` : "");

/** Who the test provider says is signing in next (GitHub-shaped and OpenID Connect alike). */
async function providerIdentity(identity) {
  const response = await fetch(`${oauthProvider}/__identity`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(identity),
  });
  if (!response.ok) throw new AssertionError(`POST ${oauthProvider}/__identity -> HTTP ${response.status}`);
}

/** A small valid PNG (RGB, a diagonal teal-to-amber gradient), made here so the test ships no binary. */
function makePng(size) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then pixels
    for (let x = 0; x < size; x += 1) {
      const t = (x + y) / (2 * (size - 1));
      row[1 + x * 3] = Math.round(15 + t * (245 - 15));
      row[2 + x * 3] = Math.round(118 + t * (158 - 118));
      row[3 + x * 3] = Math.round(110 + t * (11 - 110));
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The `/<page>?token=…` link in the newest mail to `to` in the server's file outbox. */
async function mailedLink(to, route) {
  const pattern = new RegExp(`https?://[^\\s"<>]*/${route}\\?token=[A-Za-z0-9_-]+`);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    let files = [];
    try {
      files = readdirSync(outboxDir)
        .filter((file) => file.endsWith(".eml"))
        .sort()
        .reverse();
    } catch {
      // Not there until the first mail is written.
    }
    for (const file of files) {
      // Undo quoted-printable soft line breaks and `=3D`, enough to read a link.
      const source = readFileSync(path.join(outboxDir, file), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "=");
      if (!source.includes(`To: ${to}`)) continue;
      const match = source.match(pattern);
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new AssertionError(`no mail to ${to} with a /${route} link in ${outboxDir}`);
}

/** The outbox's mails to `to` (sources with soft line breaks undone), oldest first. */
function mailsTo(to) {
  let files = [];
  try {
    files = readdirSync(outboxDir)
      .filter((file) => file.endsWith(".eml"))
      .sort();
  } catch {
    return [];
  }
  return files
    .map((file) =>
      readFileSync(path.join(outboxDir, file), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "="),
    )
    .filter((source) => source.includes(`To: ${to}`));
}

/**
 * DevTools' "Fast 3G" preset, as Chromium's DevTools define it: 562.5 ms latency, 1.6 Mbit/s
 * down and 750 kbit/s up at 90 % (180,000 and 84,375 bytes per second).
 */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
/**
 * The issue's target for the first post card on Fast 3G. The server draws the home page and a post
 * page itself (api/src/web_app/first_paint.rs), so the card is painted from the HTML alone: one
 * round trip (562.5 ms) plus the page's ~25 kB at 180 kB/s. The median of the runs must be within
 * it (E2E_FAST3G_BUDGET_MS); a machine busy compiling slows the parsing a little, not the network.
 */
const FAST_3G_TARGET_MS = 1200;
const FAST_3G_BUDGET_MS = Number(process.env.E2E_FAST3G_BUDGET_MS) || FAST_3G_TARGET_MS;
const FAST_3G_RUNS = Math.max(1, Number(process.env.E2E_FAST3G_RUNS) || 5);

const results = [];
let failedStep = null;

class AssertionError extends Error {}
function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}
function assertEqual(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${message}\n      expected: ${e}\n      actual:   ${a}`);
}

async function step(name, fn) {
  if (failedStep) {
    results.push({ name, ok: false, skipped: true });
    console.log(`  - ${name} (skipped: "${failedStep}" failed)`);
    return;
  }
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failedStep = name;
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n      ${error instanceof AssertionError ? error.message : (error?.stack ?? error)}`);
  }
}

async function apiCall(method, pathname, { token, body } = {}) {
  const response = await fetch(`${api}${pathname}`, {
    method,
    headers: {
      ...(body ? { "Content-Type": "application/json" } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!response.ok) throw new AssertionError(`${method} ${pathname} -> HTTP ${response.status}: ${text.slice(0, 300)}`);
  return json;
}

/** Confirms `email` through the newest link mailed to it (API only, no browser). */
async function confirmThroughMail(email) {
  const link = await mailedLink(email, "confirm-email");
  const token = new URL(link).searchParams.get("token");
  const confirmed = await fetch(`${api}/auth/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  assert(confirmed.status === 204, `confirming ${email} -> HTTP ${confirmed.status}`);
}

/**
 * Registers through the API and returns an access token. A site that asks for confirmed
 * addresses answers 202 `confirmation_sent` without tokens: then the mailed link is followed
 * and the account signs in with its password.
 */
async function registerThroughApi(user) {
  const response = await fetch(`${api}/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  const body = await response.json().catch(() => undefined);
  if (response.status === 201) {
    assert(body?.access_token, "register answered 201 without an access_token");
    if (outboxDir) await confirmThroughMail(user.email);
    return body.access_token;
  }
  assert(
    response.status === 202 && body?.status === "confirmation_sent" && body?.email === user.email,
    `register -> HTTP ${response.status}: ${JSON.stringify(body)}`,
  );
  assert(!body.access_token, "a 202 registration must not sign anybody in");
  assert(outboxDir, "the server asks for confirmed addresses: set E2E_OUTBOX to its mail folder");
  await confirmThroughMail(user.email);
  const auth = await apiCall("POST", "/auth/login", { body: { login: user.name, password: user.password } });
  return auth.access_token;
}

/**
 * An administrator (who moderates) to sign in as: E2E_ADMIN's, else a new one made by the
 * server's command line against its database (`tidings create-admin`, as an operator would),
 * confirmed through the mailed link like any account. Null when neither is possible.
 */
async function administrator(wanted) {
  if (process.env.E2E_ADMIN) {
    const [name, ...rest] = process.env.E2E_ADMIN.split(":");
    return { name, password: rest.join(":") };
  }
  if (!databaseUrl || !existsSync(tidingsBin)) return null;
  const output = execFileSync(tidingsBin, ["create-admin", wanted.name, "--email", wanted.email], {
    env: {
      ...process.env,
      TIDINGS_DATABASE_URL: databaseUrl,
      TIDINGS_DATA_DIR: dataDir,
      TIDINGS_ADMIN_PASSWORD: wanted.password,
      RUST_LOG: "warn",
    },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  assert(output.includes(`created administrator ${wanted.name}`), `tidings create-admin said: ${output.trim()}`);
  if (outboxDir) await confirmThroughMail(wanted.email);
  return wanted;
}

/** WCAG contrast of two computed `rgb(…)` colours. */
function contrastOf(foreground, background) {
  const luminance = (rgb) => {
    const [r, g, b] = rgb
      .match(/[\d.]+/g)
      .slice(0, 3)
      .map((value) => Number(value) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

const suffix = Date.now().toString(36).slice(-6) + Math.floor(Math.random() * 1000);
const userA = { name: `ann_${suffix}`, email: `ann_${suffix}@example.com`, password: "correct-horse-battery-1" };
const userB = { name: `bob_${suffix}`, email: `bob_${suffix}@example.com`, password: "correct-horse-battery-2" };
const tagName = `e2e${suffix}`.toLowerCase();
const moderator = { name: `mod_${suffix}`, email: `mod_${suffix}@example.com`, password: "correct-horse-battery-3" };
const postA = {
  title: `Ann's write-up ${suffix}`,
  content: "# Hello\n\nSome **markdown** with a [link](https://example.com/).\n\n- one\n- two",
};

async function main() {
  console.log(`e2e: ${baseUrl} (chromium: ${executablePath}, screenshots: ${shotsDir})`);
  mkdirSync(shotsDir, { recursive: true });
  // Written only when a step fails: one left from an earlier run would be mistaken for this one's.
  rmSync(path.join(shotsDir, "failure.png"), { force: true });
  const userDataDir = mkdtempSync(path.join(tmpdir(), "tidings-e2e-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
  });
  context.setDefaultTimeout(15_000);

  const origin = new URL(baseUrl).origin;
  const providerOrigin = oauthProvider ? new URL(oauthProvider).origin : null;
  const foreignRequests = [];
  const providerNavigations = [];
  const pageErrors = [];
  context.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return;
    const target = new URL(url).origin;
    if (target === origin) return;
    // Signing in with a provider sends the whole page there and back (top-level navigations,
    // redirects included): that is the one way the browser may reach another origin. Any
    // subresource or fetch to another origin, the provider's included, is still a failure.
    if (target === providerOrigin && request.isNavigationRequest() && request.resourceType() === "document") {
      providerNavigations.push(url);
      return;
    }
    foreignRequests.push(`${request.resourceType()} ${url}`);
  });
  /** What Chromium refused under the page's Content-Security-Policy (it says so on the console). */
  const policyViolations = [];
  /**
   * The home page and a post page are drawn by the server and on screen before the app runs; the
   * app takes them over a moment later (web/src/app/first-paint.ts: `#root` then loses
   * `data-first-paint`). The steps act on the app, so a navigation also waits for that.
   */
  const actOnTheApp = (target, label) => {
    target.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
        policyViolations.push(`${label}${target.url()}: ${message.text().slice(0, 300)}`);
    });
    for (const name of ["goto", "reload", "goBack", "goForward"]) {
      const navigate = target[name].bind(target);
      target[name] = async (...args) => {
        const response = await navigate(...args);
        const options = name === "goto" ? args[1] : args[0];
        if (options?.waitUntil !== "commit")
          await target.waitForFunction(() => !document.querySelector("#root[data-first-paint]"), null, { timeout: 30_000 });
        return response;
      };
    }
    return target;
  };
  const page = actOnTheApp(context.pages()[0] ?? (await context.newPage()), "");
  page.on("pageerror", (error) => pageErrors.push(String(error)));

  /**
   * Another person's browser: a separate Chromium with its own storage (the main one is a
   * persistent context, whose tabs share one localStorage and so one session). Each call is a
   * fresh context: nothing cached, nobody signed in. Its requests obey the same origin rule.
   */
  let visitorBrowser = null;
  const visitorPage = async () => {
    visitorBrowser ??= await chromium.launch({
      executablePath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update"],
    });
    const visitorContext = await visitorBrowser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    visitorContext.setDefaultTimeout(15_000);
    visitorContext.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return;
      if (new URL(url).origin !== origin) foreignRequests.push(`${request.resourceType()} ${url} (visitor)`);
    });
    const visitor = actOnTheApp(await visitorContext.newPage(), "(visitor) ");
    visitor.on("pageerror", (error) => pageErrors.push(`(visitor) ${error}`));
    return visitor;
  };
  /** `visitor` signed in as `user` (a fresh session through the API, stored as the app stores it). */
  const signInVisitor = async (visitor, user) => {
    const auth = await apiCall("POST", "/auth/login", { body: { login: user.name, password: user.password } });
    await visitor.goto(`${baseUrl}/tags`);
    await visitor.evaluate((tokens) => localStorage.setItem("tidings.session", JSON.stringify(tokens)), {
      accessToken: auth.access_token,
      refreshToken: auth.refresh_token,
      expiresAt: Date.now() + auth.expires_in * 1000,
    });
  };
  /** The access token the main page is signed in with. */
  const pageToken = () => page.evaluate(() => JSON.parse(localStorage.getItem("tidings.session") ?? "null")?.accessToken);
  // "Leave site?" prompts (compose with unpublished text): recorded, and accepted.
  const beforeUnloadPrompts = [];
  page.on("dialog", (dialog) => {
    if (dialog.type() === "beforeunload") beforeUnloadPrompts.push(page.url());
    void dialog.accept();
  });
  /** Whether the element is wholly inside the viewport (after any smooth scrolling ends). */
  const waitInView = (locator) =>
    locator.evaluate(
      (element) =>
        new Promise((resolve, reject) => {
          const deadline = Date.now() + 5000;
          const check = () => {
            const box = element.getBoundingClientRect();
            if (box.top >= 0 && box.bottom <= window.innerHeight) resolve(true);
            else if (Date.now() > deadline) reject(new Error(`not in view: top ${box.top}, bottom ${box.bottom}`));
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
  const isFocused = (locator) => locator.evaluate((element) => element === document.activeElement);
  /**
   * axe-core over the whole page as it is now; throws on any serious or critical violation, listing
   * each rule with the elements it found. axe is evaluated through the DevTools protocol, which
   * the page's Content-Security-Policy (`script-src 'self'`) does not apply to, so the policy stays
   * as shipped. No rule is turned off.
   */
  const axeScan = async (screen) => {
    await page.waitForLoadState("networkidle").catch(() => {});
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes
          .slice(0, 4)
          .map((node) => `${node.target.join(" ")}: ${node.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
      }));
    });
    const serious = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    const minor = violations.filter((violation) => !serious.includes(violation));
    if (minor.length)
      console.log(`      axe (${screen}): minor/moderate: ${minor.map((v) => `${v.id} (${v.impact})`).join(", ")}`);
    assert(
      serious.length === 0,
      `axe on ${screen}: ${serious.length} serious/critical violation(s):\n` +
        serious.map((v) => `      - ${v.id} [${v.impact}] ${v.help}\n          ${v.nodes.join("\n          ")}`).join("\n"),
    );
    axeScreens.push(screen);
  };
  const axeScreens = [];
  /** The page scrolls sideways: something is wider than the viewport. */
  const assertNoSidewaysScroll = async (screen) => {
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    assert(widths.page <= widths.viewport, `${screen} is ${widths.page}px wide in a ${widths.viewport}px viewport`);
  };
  /** The computed value of a colour variable, as rgb(…). */
  const cssColour = (variable) =>
    page.evaluate((name) => {
      const probe = document.createElement("span");
      probe.style.color = `var(${name})`;
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    }, variable);

  const shot = async (name, options = {}) => {
    await page.waitForLoadState("networkidle").catch(() => {});
    // A full-page picture taken while scrolled draws the sticky header in the middle of the page.
    if (options.fullPage !== false) await page.evaluate(() => window.scrollTo({ top: 0, behavior: "instant" }));
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true, ...options });
  };
  const cards = () => page.locator("[data-post-id]");
  const cardState = async () =>
    cards().evaluateAll((nodes) =>
      nodes.map((card) => {
        const like = card.querySelector('button[data-action="like"]');
        return {
          id: card.getAttribute("data-post-id"),
          liked: like?.getAttribute("aria-pressed"),
          likes: like?.querySelector("[data-count]")?.textContent,
        };
      }),
    );

  const signOut = async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("header").getByRole("link", { name: "Sign in" }).waitFor();
  };
  /** `GET /me` with the tokens the page stored, i.e. who the page is signed in as. */
  const pageMe = () =>
    page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem("tidings.session") ?? "null");
      if (!session) return null;
      const response = await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${session.accessToken}` } });
      return response.ok ? response.json() : { status: response.status };
    });

  let tokenB;
  let postAId;
  /** Whether the server answered A's registration with 202 (confirm first) rather than 201. */
  let aConfirmsFirst = false;
  const postsB = [];

  try {
    await step("server is up and serves the SPA", async () => {
      const health = await fetch(`${api}/health`);
      assert(health.ok, `GET /api/v1/health -> HTTP ${health.status}`);
      await page.goto(`${baseUrl}/`);
      await page.locator("header .brand").waitFor();
      const title = await page.title();
      assert(title.includes("Tidings"), `document title is "${title}"`);
      // A client route loaded directly must get index.html too: 200 for a page that exists (a
      // demo user's), and for one that does not a 404 that still carries the app, which says so.
      const deep = await fetch(`${baseUrl}/users/alice/likes`);
      assert(
        deep.ok && (await deep.text()).includes('id="root"'),
        `GET /users/alice/likes -> HTTP ${deep.status} without the SPA`,
      );
      const missing = await fetch(`${baseUrl}/users/nobody/likes`);
      assert(
        (missing.ok || missing.status === 404) && (await missing.text()).includes('id="root"'),
        `GET /users/nobody/likes -> HTTP ${missing.status} without the SPA`,
      );
    });

    await step("user B and three posts exist (via the API)", async () => {
      tokenB = await registerThroughApi(userB);
      assert(tokenB, "B has no access token");
      for (let i = 1; i <= 3; i += 1) {
        const post = await apiCall("POST", "/posts", {
          token: tokenB,
          body: {
            title: `Bob's link ${i} ${suffix}`,
            orig_url: `https://example.com/${i}`,
            content: `Post number ${i} by Bob.`,
            tags: [tagName, "news"],
          },
        });
        postsB.push(post);
      }
      // B likes its own first post: A must still see that card as not liked by A.
      await apiCall("PUT", `/posts/${postsB[0].id}/like`, { token: tokenB });
    });

    await step("first paint: index.html carries the first page's API answers, used instead of requests", async () => {
      // What the server embeds: `/` the latest posts and the tags, `/posts/{id}` the post and its first comments.
      const embeddedKeys = async (pathname) => {
        const html = await (await fetch(`${baseUrl}${pathname}`)).text();
        const match = html.match(/<script id="tidings-initial-data" type="application\/json">([\s\S]*?)<\/script>/);
        assert(match, `GET ${pathname}: no <script id="tidings-initial-data" type="application/json"> in the HTML`);
        // After the page the server drew, so that its bytes never hold up the drawing.
        assert(
          html.indexOf('id="tidings-initial-data"') > html.indexOf('<div id="root"'),
          `GET ${pathname}: the initial data comes before #root`,
        );
        return Object.keys(JSON.parse(match[1]).responses ?? {});
      };
      const homeKeys = await embeddedKeys("/");
      for (const key of ["/api/v1/posts?limit=20&sort=latest", "/api/v1/tags"]) {
        assert(homeKeys.includes(key), `/ embeds ${JSON.stringify(homeKeys)}, not ${key}`);
      }
      const postId = postsB[0].id;
      const postKeys = await embeddedKeys(`/posts/${postId}`);
      for (const key of [`/api/v1/posts/${postId}`, `/api/v1/posts/${postId}/comments?limit=20`]) {
        assert(postKeys.includes(key), `/posts/${postId} embeds ${JSON.stringify(postKeys)}, not ${key}`);
      }
      // A visitor's browser draws both pages without asking the API for what was embedded.
      const visitor = await visitorPage();
      try {
        const asked = [];
        visitor.on("request", (request) => {
          const url = new URL(request.url());
          if (url.pathname.startsWith("/api/")) asked.push(url.pathname + url.search);
        });
        await visitor.goto(`${baseUrl}/`);
        await visitor.locator("[data-post-id]").first().waitFor();
        await visitor.locator("#popular-tags").waitFor();
        await visitor.waitForLoadState("networkidle");
        assertEqual(
          asked.filter((url) => url.startsWith("/api/v1/posts?") || url === "/api/v1/tags"),
          [],
          "API requests for what / embeds",
        );
        asked.length = 0;
        await visitor.goto(`${baseUrl}/posts/${postId}`);
        await visitor.getByRole("heading", { level: 1, name: postsB[0].title }).waitFor();
        await visitor.waitForLoadState("networkidle");
        assertEqual(
          asked.filter((url) => url.startsWith(`/api/v1/posts/${postId}`)),
          [],
          `API requests for what /posts/${postId} embeds`,
        );
        // The embedded answers are an anonymous caller's: a signed-in visitor does not use them.
        await signInVisitor(visitor, userB);
        asked.length = 0;
        await visitor.goto(`${baseUrl}/`);
        await visitor.locator('[data-post-id] button[data-action="like"][aria-pressed="true"]').first().waitFor();
        assert(
          asked.some((url) => url.startsWith("/api/v1/posts?")),
          "signed in, the home page used the anonymous embedded posts",
        );
      } finally {
        await visitor.context().close();
      }
    });

    await step("the page the server drew looks like the app's (screenshots without and with JavaScript)", async () => {
      await visitorPage().then((visitor) => visitor.context().close());
      const withoutScript = await visitorBrowser.newContext({ javaScriptEnabled: false, locale: "en-US" });
      const withScript = await visitorBrowser.newContext({ locale: "en-US" });
      try {
        const drawn = await withoutScript.newPage();
        const app = actOnTheApp(await withScript.newPage(), "(visitor) ");
        for (const [name, pathname] of [
          ["home", "/"],
          ["post", `/posts/${postsB[0].id}`],
        ]) {
          for (const [suffix, viewport] of [
            ["", { width: 1280, height: 900 }],
            ["-phone", { width: 390, height: 844 }],
          ]) {
            for (const [kind, target] of [
              ["server", drawn],
              ["app", app],
            ]) {
              await target.setViewportSize(viewport);
              await target.goto(`${baseUrl}${pathname}`);
              await target.locator("[data-post-id]").first().waitFor();
              await target.screenshot({ path: path.join(shotsDir, `first-paint-${name}${suffix}-${kind}.png`), fullPage: false });
            }
          }
        }
        // Without JavaScript the page is still one to read and to leave by its links.
        await drawn.setViewportSize({ width: 1280, height: 900 });
        await drawn.goto(`${baseUrl}/`);
        const title = postsB[2].title;
        await drawn.getByRole("link", { name: title, exact: true }).click();
        await drawn.getByRole("heading", { level: 1, name: title }).waitFor();
        assertEqual(await drawn.title(), `${title} · Tidings`, "the post page's title, drawn by the server");
      } finally {
        await withoutScript.close();
        await withScript.close();
      }
    });

    await step(
      "first post card on emulated Fast 3G (DevTools preset, cache disabled), anonymous visitor: home and post page",
      async () => {
        const measure = async (pathname) => {
          const visitor = await visitorPage();
          try {
            const cdp = await visitor.context().newCDPSession(visitor);
            await cdp.send("Network.enable");
            await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
            await cdp.send("Network.emulateNetworkConditions", FAST_3G);
            // Notes, in the page, when the first card is in the DOM with a size and then painted
            // (the next animation frame), ms since navigation start (performance.now()'s origin);
            // when the app takes the server's page over; and how far anything moved (layout shift).
            await visitor.addInitScript(() => {
              // The text shown, with each relative time ("just now") as its instant: the app
              // counts from a later "now" than the server did, and may rightly say "1 minute ago".
              const text = (element) => {
                if (!element) return "";
                let shown = element.innerText;
                for (const time of element.querySelectorAll("time"))
                  shown = shown.replace(time.innerText, `<${time.getAttribute("datetime")}>`);
                return shown;
              };
              const snapshot = () => {
                const card = document.querySelector("[data-post-id]");
                const box = card?.getBoundingClientRect();
                return {
                  rect: box ? [box.left, box.top, box.width, box.height].map(Math.round) : null,
                  card: text(card),
                  header: text(document.querySelector("header.site-header")),
                  main: text(document.querySelector("main")),
                  footer: text(document.querySelector("footer.site-footer")),
                  cards: document.querySelectorAll("[data-post-id]").length,
                };
              };
              window.__layoutShift = 0;
              new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
              }).observe({ type: "layout-shift", buffered: true });
              new MutationObserver((_records, observer) => {
                const card = document.querySelector("[data-post-id]");
                const serverPage = document.querySelector("#root[data-first-paint]") !== null;
                if (window.__firstCardAt === undefined && card && card.getBoundingClientRect().height > 0) {
                  window.__firstCardAt = null;
                  window.__drawnByServer = serverPage;
                  requestAnimationFrame(() => {
                    window.__firstCardAt = performance.now();
                  });
                }
                // The server's page as it last was (parsing adds to it until the HTML is in).
                if (serverPage && card) window.__before = snapshot();
                if (window.__drawnByServer === false || (window.__drawnByServer && !serverPage)) {
                  window.__takeoverAt = performance.now();
                  window.__after = snapshot();
                  observer.disconnect();
                }
              }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-first-paint"] });
            });
            const encodings = new Set();
            let apiBeforeCard = 0;
            visitor.on("response", (response) => {
              const type = response.request().resourceType();
              if (type === "script" || type === "stylesheet" || type === "document")
                encodings.add(response.headers()["content-encoding"] ?? "identity");
            });
            visitor.on("request", (request) => {
              if (new URL(request.url()).pathname.startsWith("/api/")) apiBeforeCard += 1;
            });
            await visitor.goto(`${baseUrl}${pathname}`, { waitUntil: "commit", timeout: 60_000 });
            await visitor.waitForFunction(
              () => typeof window.__firstCardAt === "number" && typeof window.__takeoverAt === "number",
              null,
              { timeout: 60_000 },
            );
            // A moment for anything the takeover would move to be reported.
            await visitor.waitForTimeout(300);
            const measured = await visitor.evaluate(() => {
              const resources = performance.getEntriesByType("resource");
              const navigation = performance.getEntriesByType("navigation")[0];
              return {
                card: window.__firstCardAt,
                takeover: window.__takeoverAt,
                drawnByServer: window.__drawnByServer,
                before: window.__before,
                after: window.__after,
                shift: window.__layoutShift,
                fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
                htmlBytes: navigation?.encodedBodySize ?? 0,
                htmlAt: navigation?.responseEnd ?? 0,
                scriptBytes: resources
                  .filter((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js"))
                  .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
              };
            });
            return { ...measured, api: apiBeforeCard, encodings: [...encodings].join("/") };
          } finally {
            await visitor.context().close();
          }
        };
        const round = (ms) => Math.round(ms);
        const failures = [];
        for (const [name, pathname] of [
          ["home page", "/"],
          ["post page", `/posts/${postsB[0].id}`],
        ]) {
          const runs = [];
          for (let run = 0; run < FAST_3G_RUNS; run += 1) runs.push(await measure(pathname));
          for (const [index, run] of runs.entries()) {
            console.log(
              `      Fast 3G ${name} run ${index + 1}: first card ${round(run.card)} ms, first contentful paint ${run.fcp === null ? "?" : round(run.fcp)} ms, ` +
                `app took over at ${round(run.takeover)} ms; HTML ${(run.htmlBytes / 1000).toFixed(1)} kB by ${round(run.htmlAt)} ms, ` +
                `JS ${(run.scriptBytes / 1000).toFixed(1)} kB (${run.encodings}); layout shift ${run.shift.toFixed(4)}; API requests before the card: ${run.api}`,
            );
          }
          const sorted = runs.map((run) => run.card).sort((a, b) => a - b);
          const median = sorted[Math.floor(runs.length / 2)];
          const best = sorted[0];
          const paints = runs.map((run) => run.fcp ?? Infinity).sort((a, b) => a - b);
          const takeovers = runs.map((run) => run.takeover).sort((a, b) => a - b);
          console.log(
            `      Fast 3G ${name}, first post card: median ${round(median)} ms, best ${round(best)} ms of ${runs.length} ` +
              `(target ${FAST_3G_TARGET_MS} ms: ${median <= FAST_3G_TARGET_MS ? "met" : "not met"}); first contentful paint: ` +
              `median ${round(paints[Math.floor(runs.length / 2)])} ms, best ${round(paints[0])} ms; the app took over at ` +
              `${round(takeovers[Math.floor(runs.length / 2)])} ms (median)`,
          );
          for (const run of runs) {
            if (!run.drawnByServer) {
              failures.push(`${name}: the first card was drawn by the app, not by the server`);
              continue;
            }
            if (run.api)
              failures.push(`${name}: ${run.api} API request(s) before the first card (the embedded answers were not used)`);
            if (!run.encodings.split("/").every((encoding) => encoding === "br" || encoding === "gzip"))
              failures.push(`${name}: the page or its scripts were not sent compressed (${run.encodings})`);
            // The app draws the same page over the server's: nothing moves, the same text is shown.
            // On a post page its comments arrive with the app, below the post, and may push the
            // footer down (a shift of ~0.001 when it was in view); nothing else may move.
            const allowed = name === "home page" ? 0.001 : 0.01;
            if (run.shift > allowed) failures.push(`${name}: layout shift ${run.shift.toFixed(4)} (something moved)`);
            if (JSON.stringify(run.before.rect) !== JSON.stringify(run.after.rect))
              failures.push(`${name}: the first card moved at takeover: ${run.before.rect} -> ${run.after.rect}`);
            // A post page's comments come with the app, below the post: its main grows.
            for (const part of name === "home page" ? ["card", "header", "main", "footer"] : ["card", "header", "footer"])
              if (run.before[part] !== run.after[part])
                failures.push(
                  `${name}: the ${part}'s text changed at takeover:\n        server: ${JSON.stringify(run.before[part])}\n        app:    ${JSON.stringify(run.after[part])}`,
                );
            if (name === "home page" && run.before.cards !== run.after.cards)
              failures.push(`${name}: ${run.before.cards} cards drawn by the server, ${run.after.cards} by the app`);
          }
          if (median > FAST_3G_BUDGET_MS)
            failures.push(
              `${name}: the first post card took ${round(median)} ms (median) on Fast 3G, over ${FAST_3G_BUDGET_MS} ms`,
            );
        }
        assertEqual([...new Set(failures)], [], "first paint on Fast 3G");
      },
    );

    await step("phone (390 px): header links have names; the welcome and popular tags come before the posts", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.goto(`${baseUrl}/?tab=latest`);
        await cards().first().waitFor();
        const header = page.locator("header");
        for (const name of ["Tidings home", "Home", "Tags", "Search", "Sign in", "Join"]) {
          assert(
            await header.getByRole("link", { name, exact: true }).isVisible(),
            `header link "${name}" has no name or is hidden`,
          );
        }
        const top = (selector) =>
          page
            .locator(selector)
            .first()
            .evaluate((element) => element.getBoundingClientRect().top);
        const firstPost = await top("[data-post-id]");
        assert((await top(".intro")) < firstPost, "the welcome box is below the posts");
        assert((await top("#popular-tags")) < firstPost, "the popular tags are below the posts");
        await shot("home-phone");
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    await step("sign-in page renders, with a button per configured provider", async () => {
      await page.goto(`${baseUrl}/signin`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.getByLabel("Username or email").waitFor();
      await axeScan("sign-in");
      if (oauthProvider) {
        await page.getByRole("button", { name: "Sign in with Example ID" }).waitFor();
        await page.getByRole("button", { name: "Sign in with GitHub" }).waitFor();
        await page.goto(`${baseUrl}/register`);
        await page.getByRole("button", { name: "Sign up with Example ID" }).waitFor();
        await page.getByRole("button", { name: "Sign up with GitHub" }).waitFor();
        await page.goto(`${baseUrl}/signin`);
        await page.getByRole("button", { name: "Sign in with GitHub" }).waitFor();
        await shot("sign-in-providers");
        await page.setViewportSize({ width: 360, height: 740 });
        await shot("sign-in-providers-phone");
        await page.setViewportSize({ width: 1280, height: 900 });
      } else {
        await shot("sign-in");
      }
    });

    await step("register A through the form (a taken name shows a field error first)", async () => {
      await page.goto(`${baseUrl}/register`);
      await page.getByLabel("Username").fill(userB.name);
      await page.getByLabel("Email").fill(userA.email);
      await page.getByLabel("Password").fill(userA.password);
      await page.getByRole("button", { name: "Create account" }).click();
      const errors = page.locator(".field-errors, [role=alert]");
      await errors.first().waitFor();
      const text = (await errors.allTextContents()).join(" ");
      assert(text.trim().length > 0, "no error message shown for a taken username");

      await page.getByLabel("Username").fill(userA.name);
      await page.getByRole("button", { name: "Create account" }).click();
      const checkInbox = page.getByRole("heading", { name: "Check your inbox" });
      const signedIn = page.getByRole("link", { name: /Your profile/ });
      await checkInbox.or(signedIn).first().waitFor();
      aConfirmsFirst = await checkInbox.isVisible();
      // web.sh runs the server as shipped (confirmed addresses required): registering must end on
      // "Check your inbox", not signed in.
      if (outboxDir) assert(aConfirmsFirst, "registering signed A in at once: expected 202 and Check your inbox");
      if (!aConfirmsFirst) {
        await page.waitForURL(`${baseUrl}/`);
        return;
      }
      // 202: nobody is signed in; the page names the address and can send the mail again.
      await page.locator("[data-check-inbox] [data-email]", { hasText: userA.email }).waitFor();
      assertEqual(await page.evaluate(() => localStorage.getItem("tidings.session")), null, "no session after a 202");
      const resent = page.waitForResponse((r) => r.url().endsWith("/auth/confirm/resend"));
      await page.getByRole("button", { name: /Send the email again/ }).click();
      assertEqual((await resent).status(), 202, "POST /auth/confirm/resend");
      await page.getByText(/^Sent\./).waitFor();
      await waitInView(page.locator("[data-check-inbox]"));
      await shot("register-check-inbox");
      await page.setViewportSize({ width: 390, height: 844 });
      await assertNoSidewaysScroll("check your inbox (phone)");
      await shot("register-check-inbox-phone", { fullPage: false });
      await page.setViewportSize({ width: 1280, height: 900 });
      // An unconfirmed account can sign in and read.
      await page.getByRole("link", { name: "sign in", exact: true }).click();
      await page.getByLabel("Username or email").fill(userA.name);
      await page.getByLabel("Password").fill(userA.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await signedIn.waitFor();
    });

    await step(
      "compose: errors are scrolled into view and focused, invalid fields turn red; unconfirmed: a banner first",
      async () => {
        await page.goto(`${baseUrl}/compose`);
        await page.getByRole("heading", { name: "New post" }).waitFor();
        if (aConfirmsFirst) await page.locator("[data-unconfirmed-banner]").getByText(userA.email).waitFor();
        const title = page.getByLabel("Title", { exact: true });
        assertEqual(await title.getAttribute("maxlength"), "128", "the title's limit, from the OpenAPI document");
        // A long text, so that Publish is far below the top of the form.
        await page.locator("textarea[name=content]").fill(Array.from({ length: 80 }, (_, i) => `Line ${i + 1}`).join("\n\n"));
        await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }));
        await page.getByRole("button", { name: "Publish" }).click();
        await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
        assertEqual(await title.getAttribute("aria-invalid"), "true", "the empty title's aria-invalid");
        const describedBy = (await title.getAttribute("aria-describedby")) ?? "";
        const message = await page.evaluate(
          (ids) =>
            ids
              .split(" ")
              .map((id) => document.getElementById(id)?.textContent ?? "")
              .join(" "),
          describedBy,
        );
        assert(message.includes("This field is required."), `the title is described by "${message}"`);
        await waitInView(title);
        const border = await title.evaluate((element) => getComputedStyle(element).borderTopColor);
        assertEqual(border, await cssColour("--danger"), "the invalid title's border colour");
        await shot("compose-error-focused", { fullPage: false });

        // Bug 1: a title longer than the spec's 128 characters. The maxlength attribute stops
        // typing at 128, so it is removed here to reach the check behind it (what a draft saved
        // under an older limit, or a browser ignoring maxlength, would meet).
        await title.evaluate((element) => element.removeAttribute("maxlength"));
        await title.fill("A title that runs on and on ".repeat(6).slice(0, 143));
        assertEqual([...(await title.inputValue())].length, 143, "the long title's length");
        await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }));
        await page.getByRole("button", { name: "Publish" }).click();
        const tooLong = page.locator(`[id="${await title.getAttribute("id")}-error"]`);
        await tooLong.getByText("Use at most 128 characters (now 143).").waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
        assertEqual(await title.getAttribute("aria-invalid"), "true", "the long title's aria-invalid");
        assert(
          ((await title.getAttribute("aria-describedby")) ?? "").split(" ").includes(await tooLong.getAttribute("id")),
          "the long title is not described by its error",
        );
        await waitInView(title);
        await waitInView(tooLong);
        await shot("compose-title-too-long", { fullPage: false });
        await page.setViewportSize({ width: 390, height: 844 });
        try {
          await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }));
          await page.getByRole("button", { name: "Publish" }).click();
          await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
          await waitInView(title);
          await assertNoSidewaysScroll("compose with an error (phone)");
          await shot("compose-title-too-long-phone", { fullPage: false });
        } finally {
          await page.setViewportSize({ width: 1280, height: 900 });
        }

        if (aConfirmsFirst) {
          await title.fill(`Too early ${suffix}`);
          await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }));
          await page.getByRole("button", { name: "Publish" }).click();
          const refusal = page.locator("form [data-form-error]");
          await refusal.getByText("Please confirm your email address first").waitFor();
          await page.waitForFunction(() => document.activeElement?.hasAttribute("data-form-error"));
          await waitInView(refusal);
          await shot("compose-unconfirmed-refused", { fullPage: false });
        } else {
          await title.fill(`Too early ${suffix}`);
        }

        // Unpublished text: a link inside the app asks first…
        await page.locator("header").getByRole("link", { name: "Home", exact: true }).click();
        const dialog = page.getByRole("alertdialog", { name: "Leave this page?" });
        await dialog.waitFor();
        await shot("compose-leave-dialog", { fullPage: false });
        await dialog.getByRole("button", { name: "Keep writing" }).click();
        assertEqual(new URL(page.url()).pathname, "/compose", "Keep writing stays");
        // …leaving the app gets the browser's prompt, and the draft is there on return.
        const prompts = beforeUnloadPrompts.length;
        await page.goto(`${baseUrl}/tags`);
        assertEqual(beforeUnloadPrompts.length, prompts + 1, "a beforeunload prompt when leaving with unpublished text");
        await page.goto(`${baseUrl}/compose`);
        await page.getByText("Restored your unpublished draft").waitFor();
        assertEqual(await title.inputValue(), `Too early ${suffix}`, "the restored draft's title");
        await page.getByRole("button", { name: "Discard it" }).click();
        assertEqual(await title.inputValue(), "", "the title after discarding the draft");
      },
    );

    await step("A confirms the address through the mailed link", async () => {
      if (!outboxDir) {
        console.log("      (E2E_OUTBOX unset: not confirming)");
        return;
      }
      const link = await mailedLink(userA.email, "confirm-email");
      assert(link.startsWith(`${baseUrl}/confirm-email?token=`), `the mailed link is ${link}`);
      await page.goto(link);
      await page.getByText("Your email address is confirmed").waitFor();
      await shot("email-confirmed");
      // The same link opened again by the (now confirmed) account: said kindly, not as an error.
      await page.goto(link);
      await page.getByText("Your email address is already confirmed").waitFor();
      assertEqual(await page.locator("[role=alert]").count(), 0, "no error alert for a link opened again");
      await shot("email-already-confirmed");
      await page.goto(`${baseUrl}/compose`);
      await page.getByRole("heading", { name: "New post" }).waitFor();
      assertEqual(await page.locator("[data-unconfirmed-banner]").count(), 0, "the banner once confirmed");
    });

    await step("A writes a post with tags and sees it first in Latest", async () => {
      await page.getByRole("link", { name: "Write", exact: true }).click();
      await page.getByRole("heading", { name: "New post" }).waitFor();
      await page.getByLabel("Title", { exact: true }).fill(postA.title);
      await page.getByLabel("Link (optional)").fill("https://example.org/article");
      await page.locator("textarea[name=content]").fill(postA.content);
      const tags = page.getByLabel("Tags", { exact: true });
      await tags.fill(tagName);
      await tags.press("Enter");
      await tags.fill("Tidings");
      await tags.press("Enter");
      assertEqual(
        await page.locator(".chip").evaluateAll((chips) => chips.map((chip) => chip.getAttribute("data-tag"))),
        [tagName, "tidings"],
        "tag chips",
      );
      await page.getByRole("tab", { name: "Preview" }).click();
      await page.locator(".markdown-preview strong", { hasText: "markdown" }).waitFor();
      await shot("compose");
      await page.getByRole("button", { name: "Publish" }).click();
      await page.waitForURL(/\/posts\/\d+$/);
      postAId = page.url().match(/\/posts\/(\d+)$/)[1];
      await page.getByRole("heading", { level: 1, name: postA.title }).waitFor();

      await page.goto(`${baseUrl}/?tab=latest`);
      await cards().first().waitFor();
      const first = cards().first();
      assertEqual(
        await first
          .locator("h2")
          .innerText()
          .then((t) => t.includes(postA.title)),
        true,
        "first card in Latest is A's new post",
      );
      assert((await first.locator(".tag").allTextContents()).includes(`#${tagName}`), "A's card shows its tag");
    });

    let liked;
    await step("liking the SECOND card changes only that card", async () => {
      await page.goto(`${baseUrl}/?tab=latest`);
      await cards().nth(2).waitFor();
      const before = await cardState();
      assert(before.length >= 4, `expected at least 4 cards, got ${before.length}`);
      assert(
        before.every((card) => card.liked === "false"),
        `A has liked nothing yet, but: ${JSON.stringify(before)}`,
      );
      const bobsFirst = before.find((card) => card.id === String(postsB[0].id));
      assert(
        bobsFirst && bobsFirst.likes === "1",
        `B's like shows as a count on its card, not as A's state: ${JSON.stringify(bobsFirst)}`,
      );

      const second = cards().nth(1);
      liked = before[1];
      const saved = page.waitForResponse((r) => r.url().endsWith(`/posts/${liked.id}/like`) && r.request().method() === "PUT");
      await second.locator('button[data-action="like"]').click();
      const response = await saved;
      assert(response.ok(), `PUT like -> HTTP ${response.status()}`);
      await page.waitForFunction(
        (id) =>
          document.querySelector(`[data-post-id="${id}"] button[data-action="like"]`)?.getAttribute("aria-pressed") === "true",
        liked.id,
      );
      const after = await cardState();
      const expected = before.map((card, index) =>
        index === 1 ? { ...card, liked: "true", likes: String(Number(card.likes) + 1) } : card,
      );
      assertEqual(after, expected, "only the second card changed");
    });

    await step("the like persists after a reload, and shows on the post page", async () => {
      await page.reload();
      await cards().nth(2).waitFor();
      const state = await cardState();
      const second = state.find((card) => card.id === liked.id);
      assertEqual(second, { ...liked, liked: "true", likes: String(Number(liked.likes) + 1) }, "second card after reload");
      assert(state.filter((card) => card.liked === "true").length === 1, `exactly one liked card: ${JSON.stringify(state)}`);
      await shot("home");
      await page.setViewportSize({ width: 360, height: 740 });
      await shot("home-phone", { fullPage: false });
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.goto(`${baseUrl}/posts/${liked.id}`);
      const like = page.locator(`article[data-post-id="${liked.id}"] button[data-action="like"]`);
      await like.waitFor();
      assertEqual(await like.getAttribute("aria-pressed"), "true", "like on the post page");
    });

    await step("comment on a post and reply to the comment", async () => {
      const post = postsB[1];
      await page.goto(`${baseUrl}/posts/${post.id}`);
      await page.getByRole("heading", { level: 1, name: post.title }).waitFor();
      const commentText = `First! A comment by Ann ${suffix}`;
      await page.getByLabel("Add a comment").fill(commentText);
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      const comment = page.locator(".comment-tree > li.comment", { hasText: commentText });
      await comment.waitFor();
      await comment.getByRole("button", { name: "Reply", exact: true }).first().click();
      const replyText = `And a reply to myself ${suffix}`;
      await comment.getByLabel(/Reply to/).fill(replyText);
      await comment.getByRole("button", { name: "Post reply" }).click();
      await comment.locator(".comment-replies li.comment", { hasText: replyText }).waitFor();

      await page.reload();
      const reloaded = page.locator(".comment-tree > li.comment", { hasText: commentText });
      await reloaded.waitFor();
      await reloaded.locator(".comment-replies li.comment", { hasText: replyText }).waitFor();
      const heading = await page.locator("#comments-heading").innerText();
      assert(heading.includes("(2)"), `comment count heading is "${heading}"`);
      await shot("post");
    });

    await step(
      "comments: sort (remembered), a permalink opens scrolled, highlighted and focused, collapse, preview",
      async () => {
        const post = postsB[1];
        await page.goto(`${baseUrl}/posts/${post.id}`);
        const mine = page.locator(".comment-tree > li.comment", { hasText: `First! A comment by Ann ${suffix}` });
        await mine.waitFor();
        const firstId = Number(await mine.getAttribute("data-comment-id"));
        const replyId = Number(await mine.locator(".comment-replies li.comment").first().getAttribute("data-comment-id"));
        // B answers later and likes it: newest and most liked, so every order differs from the oldest.
        const later = await apiCall("POST", `/posts/${post.id}/comments`, {
          token: tokenB,
          body: { content: `A later comment by Bob ${suffix}`, ref_id: 0 },
        });
        await apiCall("PUT", `/comments/${later.id}/like`, { token: tokenB });
        await page.reload();
        const order = () =>
          page.locator(".comment-tree > li.comment").evaluateAll((items) => items.map((item) => Number(item.dataset.commentId)));
        await page.locator(`#comment-${later.id}`).waitFor();
        assertEqual(await order(), [firstId, later.id], "oldest first");
        await page.locator(".comment-sort label", { hasText: "Most liked" }).click();
        assertEqual(await order(), [later.id, firstId], "most liked first");
        await page.reload();
        await page.locator(`#comment-${later.id}`).waitFor();
        assertEqual(await order(), [later.id, firstId], "most liked first after a reload");
        assert(await page.getByRole("radio", { name: "Most liked" }).isChecked(), "Most liked is not the remembered order");
        await page.locator(".comment-sort label", { hasText: "Newest" }).click();
        assertEqual(await order(), [later.id, firstId], "newest first");
        await shot("comments-sorted");
        await page.locator(".comment-sort label", { hasText: "Oldest" }).click();
        assertEqual(await order(), [firstId, later.id], "oldest first again");

        // The reply's time links to its permalink; opened fresh on a phone, it is scrolled to and marked.
        const permalink = page.locator(`#comment-${replyId} [data-action=permalink]`).first();
        assertEqual(await permalink.getAttribute("href"), `/posts/${post.id}#comment-${replyId}`, "the reply's permalink");
        await page.setViewportSize({ width: 390, height: 844 });
        try {
          await page.goto(`${baseUrl}/`);
          await page.goto(`${baseUrl}/posts/${post.id}#comment-${replyId}`);
          const target = page.locator(`#comment-${replyId} > article`);
          await page.locator(`#comment-${replyId} > article[aria-current=true]`).waitFor();
          await waitInView(target);
          await page.waitForFunction(
            (id) => document.activeElement === document.querySelector(`#comment-${id} > article`),
            replyId,
          );
          assertEqual(await page.locator(".comment-highlighted").count(), 1, "highlighted comments");
          await assertNoSidewaysScroll("post page (phone)");
          await shot("comment-permalink-phone", { fullPage: false });
          await shot("post-phone");
        } finally {
          await page.setViewportSize({ width: 1280, height: 900 });
        }

        // Collapsing A's comment hides its reply and says so; expanding brings it back. Found by id:
        // `mine` is found by its text, which a collapsed comment no longer shows.
        const mineById = page.locator(`#comment-${firstId}`);
        const collapse = mineById.getByRole("button", { name: `Collapse the comment by ${userA.name} and its replies` });
        assertEqual(await collapse.getAttribute("aria-expanded"), "true", "before collapsing");
        await collapse.click();
        await mineById.locator("[data-hidden-replies]", { hasText: "(1 reply hidden)" }).waitFor();
        assertEqual(await page.locator(`#comment-${replyId}`).count(), 0, "the reply while collapsed");
        await shot("comment-collapsed");
        await mineById.getByRole("button", { name: `Expand the comment by ${userA.name} and its replies` }).click();
        await page.locator(`#comment-${replyId}`).waitFor();

        // The box says what markdown does and previews it.
        const box = page.getByLabel("Add a comment");
        const hint = await box.evaluate((element) =>
          (element.getAttribute("aria-describedby") ?? "")
            .split(" ")
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" "),
        );
        assert(hint.includes("Markdown works"), `the comment box is described by "${hint}"`);
        await box.fill("Some **strong words** and `get_or_create`");
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        const preview = page.getByRole("region", { name: "Preview of your comment" });
        await preview.locator("strong", { hasText: "strong words" }).waitFor();
        assertEqual(await preview.locator("code").innerText(), "get_or_create", "the previewed code span");
        await preview.scrollIntoViewIfNeeded();
        await page.locator("form[data-form=comment]").screenshot({ path: path.join(shotsDir, "comment-preview.png") });
        await box.fill("");

        // One like icon: the post's and the comments' are the same drawing.
        const icons = await page
          .locator('button[data-action="like"] svg, button[data-action="like-comment"] svg')
          .evaluateAll((svgs) => [...new Set(svgs.map((svg) => svg.getAttribute("class")))]);
        assertEqual(icons.length, 1, `like icons in use: ${JSON.stringify(icons)}`);
      },
    );

    await step("edit your own comment: (edited) with its time after a reload", async () => {
      const post = postsB[1];
      await page.goto(`${baseUrl}/posts/${post.id}`);
      const mine = page.locator(".comment-tree > li.comment", { hasText: `First! A comment by Ann ${suffix}` });
      await mine.waitFor();
      const id = Number(await mine.getAttribute("data-comment-id"));
      const article = page.locator(`#comment-${id} > article`);
      assertEqual(await article.locator("[data-edited]").count(), 0, "(edited) before any edit");
      // B's comment offers A no Edit.
      const bobs = page.locator(".comment-tree > li.comment", { hasText: `A later comment by Bob ${suffix}` });
      assertEqual(
        await bobs.locator("> article").getByRole("button", { name: "Edit", exact: true }).count(),
        0,
        "Edit on B's comment",
      );
      await article.getByRole("button", { name: "Edit", exact: true }).click();
      const box = article.getByLabel("Edit your comment");
      assertEqual(await box.inputValue(), `First! A comment by Ann ${suffix}`, "the editor opens with the comment's markdown");
      assert(await box.evaluate((element) => element === document.activeElement), "the editor's box has focus");
      // An empty comment is refused before sending, shown like every form's errors.
      await box.fill("  ");
      await article.getByRole("button", { name: "Save", exact: true }).click();
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.getAttribute("aria-invalid") === "true",
        `#comment-${id} > article textarea`,
      );
      const editedText = `First! A comment by Ann ${suffix}, now with **more** words`;
      await box.fill(editedText);
      await article.getByRole("button", { name: "Preview", exact: true }).click();
      await article.getByRole("region", { name: "Preview of your comment" }).locator("strong", { hasText: "more" }).waitFor();
      await article.screenshot({ path: path.join(shotsDir, "comment-editing.png") });
      const saved = page.waitForResponse((r) => r.url().endsWith(`/comments/${id}`) && r.request().method() === "PATCH");
      await article.getByRole("button", { name: "Save", exact: true }).click();
      assertEqual((await saved).status(), 200, "PATCH /comments/{id}");
      await article.locator(".comment-body strong", { hasText: "more" }).waitFor();
      await article.locator("[data-edited]").waitFor();
      await page.reload();
      await article.locator(".comment-body strong", { hasText: "more" }).waitFor();
      const edited = article.locator("[data-edited]");
      assertEqual(await edited.innerText(), "(edited)", "the edited mark after a reload");
      const title = (await edited.getAttribute("title")) ?? "";
      assert(/^Edited .*\d{4}/.test(title), `the edited mark's tooltip is "${title}"`);
      assert(await edited.getAttribute("datetime"), "the edited mark has no datetime");
      // The reply under it is still there.
      await mine.locator(".comment-replies li.comment", { hasText: `And a reply to myself ${suffix}` }).waitFor();
      await article.scrollIntoViewIfNeeded();
      await mine.screenshot({ path: path.join(shotsDir, "comment-edited.png") });
    });

    await step("delete a comment that B replied to: a [deleted] placeholder stays, with B's reply under it", async () => {
      const post = postsB[1];
      const before = await apiCall("GET", `/posts/${post.id}`);
      await page.goto(`${baseUrl}/posts/${post.id}`);
      const text = `A comment Ann will delete ${suffix}`;
      await page.getByLabel("Add a comment").fill(text);
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      const doomed = page.locator(".comment-tree > li.comment", { hasText: text });
      await doomed.waitFor();
      const id = Number(await doomed.getAttribute("data-comment-id"));
      const replyText = `Bob answers the doomed comment ${suffix}`;
      const reply = await apiCall("POST", `/posts/${post.id}/comments`, {
        token: tokenB,
        body: { content: replyText, ref_id: id },
      });
      await page.reload();
      const node = page.locator(`#comment-${id}`);
      await node.locator(`#comment-${reply.id}`).waitFor();
      const article = page.locator(`#comment-${id} > article`);
      await article.getByRole("button", { name: "Delete", exact: true }).click();
      const deleted = page.waitForResponse((r) => r.url().endsWith(`/comments/${id}`) && r.request().method() === "DELETE");
      await article.getByRole("button", { name: "Delete comment", exact: true }).click();
      assertEqual((await deleted).status(), 204, "DELETE /comments/{id}");
      const checkPlaceholder = async (when) => {
        await page.locator(`#comment-${id}[data-deleted]`).waitFor();
        assertEqual((await article.locator(".comment-head").innerText()).trim(), "[deleted]", `the placeholder's line ${when}`);
        assertEqual(
          await article.locator("a, img, .avatar, .comment-body").count(),
          0,
          `links, avatar or text in the placeholder ${when}`,
        );
        const buttons = await article.getByRole("button").evaluateAll((all) => all.map((b) => b.getAttribute("data-action")));
        assertEqual(buttons, ["toggle-comment"], `the placeholder's buttons ${when}`);
        assert(!(await node.innerText()).includes(text), `the deleted text is still shown ${when}`);
        const replyNode = page.locator(`#comment-${id} .comment-replies #comment-${reply.id}`);
        await replyNode.waitFor();
        assert((await replyNode.innerText()).includes(replyText), `B's reply lost its text ${when}`);
        assert(await replyNode.locator('button[data-action="like-comment"]').count(), `B's reply has no Like ${when}`);
      };
      await checkPlaceholder("at once");
      await page.reload();
      await checkPlaceholder("after a reload");
      const after = await apiCall("GET", `/posts/${post.id}`);
      assertEqual(after.comment_count, before.comment_count + 1, "comments on the post (one added, one reply, one deleted)");
      const heading = await page.locator("#comments-heading").innerText();
      assert(heading.includes(`(${after.comment_count})`), `comment count heading is "${heading}"`);
      await node.scrollIntoViewIfNeeded();
      await node.screenshot({ path: path.join(shotsDir, "comment-deleted.png") });
    });

    await step(`the demo post "${DEMO_TITLE}": code spans without backslashes, the numbered list an <ol>`, async () => {
      let demo;
      let cursor;
      for (let pageNumber = 0; pageNumber < 5 && !demo; pageNumber += 1) {
        const list = await apiCall("GET", `/posts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        demo = list.items.find((item) => item.title === DEMO_TITLE);
        cursor = list.next_cursor;
        if (!cursor) break;
      }
      assert(demo, `no post titled "${DEMO_TITLE}": tests/scripts/web.sh serves with --seed-demo`);
      assert(!/\\/.test(demo.excerpt ?? ""), `the card's excerpt has a backslash: ${demo.excerpt}`);
      await page.goto(`${baseUrl}/posts/${demo.id}`);
      await page.getByRole("heading", { level: 1, name: DEMO_TITLE }).waitFor();
      const content = page.locator(".post-content");
      const codes = await content.locator("code").allInnerTexts();
      assert(codes.includes("get_or_create"), `code spans: ${JSON.stringify(codes)}`);
      assert(codes.includes("COUNT(*)"), `code spans: ${JSON.stringify(codes)}`);
      assert(!(await content.innerText()).includes("\\"), "the post's text has a backslash");
      const ol = content.locator("ol");
      assertEqual(await ol.count(), 1, "numbered lists in the demo post");
      assertEqual(await ol.locator("> li").count(), 3, "items in the numbered list");
      assertEqual(await content.locator("ul").count(), 0, "bulleted lists in the demo post");
      assert(
        (await ol.locator("> li").first().innerText()).includes("get_or_create"),
        "the list's first item names get_or_create",
      );
      await ol.scrollIntoViewIfNeeded();
      await page.locator(".post-detail").screenshot({ path: path.join(shotsDir, "demo-post.png") });
    });

    await step("follow B from B's profile", async () => {
      await page.goto(`${baseUrl}/users/${userB.name}`);
      // Named by its text: "Follow bob_…", then "Following bob_…".
      const follow = page.locator(".profile-head").getByRole("button", { name: new RegExp(`^Follow(ing)? ${userB.name}$`) });
      await follow.waitFor();
      assertEqual(await follow.getAttribute("aria-pressed"), "false", "not following yet");
      await page
        .locator(".profile-head")
        .getByRole("button", { name: `Follow ${userB.name}`, exact: true })
        .waitFor();
      const followers = page.locator('.profile-head [data-stat="followers"]');
      const before = Number(await followers.innerText());
      await follow.click();
      await page.waitForFunction(
        () => document.querySelector('.profile-head button[data-action="follow"]')?.getAttribute("aria-pressed") === "true",
      );
      await page.waitForLoadState("networkidle");
      assertEqual(Number(await followers.innerText()), before + 1, "follower count after following");
      await page.reload();
      await follow.waitFor();
      assertEqual(await follow.getAttribute("aria-pressed"), "true", "still following after reload");
      await page
        .locator(".profile-head")
        .getByRole("button", { name: `Following ${userB.name}`, exact: true })
        .waitFor();
      assertEqual(Number(await followers.innerText()), before + 1, "follower count after reload");
      await cards().first().waitFor();
      await shot("profile");
    });

    await step("B's new post appears in A's home timeline", async () => {
      const fresh = await apiCall("POST", "/posts", {
        token: tokenB,
        body: { title: `Bob for the timeline ${suffix}`, content: "Fresh from Bob.", tags: ["news"] },
      });
      await page.goto(`${baseUrl}/?tab=timeline`);
      const card = page.locator(`[data-post-id="${fresh.id}"]`);
      await card.waitFor();
      const first = await cards().first().getAttribute("data-post-id");
      assertEqual(first, String(fresh.id), "the newest post by someone A follows comes first");
      await shot("timeline");
    });

    await step("compact list view: one or two lines per post, remembered; phone header keeps Write named", async () => {
      await page.goto(`${baseUrl}/?tab=latest`);
      await cards().first().waitFor();
      const cardHeight = await cards()
        .first()
        .evaluate((element) => element.getBoundingClientRect().height);
      await page.locator(".view-switch label", { hasText: "Compact" }).click();
      await page.locator(".post-row").first().waitFor();
      const heights = await page
        .locator(".post-row")
        .evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
      const tallest = Math.max(...heights);
      assert(tallest <= 64, `a compact row is ${tallest}px tall (at most two lines expected)`);
      assert(tallest * 2 < cardHeight, `compact rows (${tallest}px) are not much smaller than cards (${cardHeight}px)`);
      const row = page.locator(".post-row").first();
      assert((await row.locator("[data-action=comments]").innerText()).match(/\d+ comments?/), "a row shows its comment count");
      await row.locator("button[data-action=like]").waitFor();
      await shot("home-compact");
      await page.reload();
      await page.locator(".post-row").first().waitFor();
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        assert(
          await page.locator("header").getByRole("link", { name: "Write", exact: true }).isVisible(),
          "the phone header's Write link has no name",
        );
        await shot("home-compact-phone");
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      await page.locator(".view-switch label", { hasText: "Cards" }).click();
      await page.locator(".post-card").first().waitFor();
    });

    await step(
      "accessibility (axe-core): no serious or critical violations on home, post, compose, settings, profile; phone compose",
      async () => {
        await page.goto(`${baseUrl}/?tab=latest`);
        await cards().first().waitFor();
        await axeScan("home");
        await page.locator(".view-switch label", { hasText: "Compact" }).click();
        await page.locator(".post-row").first().waitFor();
        await axeScan("home, compact view");
        await page.locator(".view-switch label", { hasText: "Cards" }).click();
        await page.goto(`${baseUrl}/posts/${postsB[1].id}`);
        await page.locator(".comment-tree > li.comment").first().waitFor();
        await axeScan("post with comments");
        await page.goto(`${baseUrl}/posts/${postAId}`);
        await page.getByRole("heading", { level: 1, name: postA.title }).waitFor();
        await axeScan("post with markdown");
        await page.goto(`${baseUrl}/compose`);
        await page.getByRole("heading", { name: "New post" }).waitFor();
        await axeScan("compose");
        await page.getByRole("button", { name: "Publish" }).click();
        await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
        await axeScan("compose with errors");
        await page.setViewportSize({ width: 390, height: 844 });
        try {
          await page.reload();
          await page.getByRole("heading", { name: "New post" }).waitFor();
          await assertNoSidewaysScroll("compose (phone)");
          await shot("compose-phone");
          await page.goto(`${baseUrl}/?tab=latest`);
          await cards().first().waitFor();
          await assertNoSidewaysScroll("home (phone)");
          await shot("home-phone-signed-in", { fullPage: false });
        } finally {
          await page.setViewportSize({ width: 1280, height: 900 });
        }
        await page.goto(`${baseUrl}/settings`);
        await page.getByLabel("Display name").waitFor();
        await axeScan("settings");
        await page.goto(`${baseUrl}/users/${userB.name}`);
        await cards().first().waitFor();
        await axeScan("profile");
        await page.goto(`${baseUrl}/users/${userA.name}`);
        await page.locator(".profile-head").waitFor();
        await axeScan("own profile");
        console.log(`      axe: ${axeScreens.join(", ")}`);
      },
    );

    await step("tag page and settings render", async () => {
      await page.goto(`${baseUrl}/tags/${tagName}`);
      await page.getByRole("heading", { level: 1, name: `#${tagName}` }).waitFor();
      await cards().nth(3).waitFor();
      assertEqual(await cards().count(), 4, "posts with the e2e tag");
      await shot("tag");
      await page.goto(`${baseUrl}/settings`);
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      await page.getByLabel("Display name").waitFor();
      await shot("settings");
    });

    await step(
      "search finds A's post by words of its title and text, highlighted (the index catches up within ~15 s)",
      async () => {
        // Every post of this run has `suffix` in its title, and only A's has "markdown" in its text:
        // A's is the one to find. Indexing is asynchronous, so the search is repeated (by reloading
        // the results) until it shows up.
        const words = `${suffix} markdown`;
        await page.goto(`${baseUrl}/search`);
        const box = page.getByLabel("Search words");
        await box.fill(words);
        await box.press("Enter");
        await page.waitForURL((url) => url.pathname === "/search" && url.searchParams.get("q") === words);
        const results = page.getByRole("region", { name: `Search results for ${words}` });
        const cardA = results.locator(`[data-post-id="${postAId}"]`);
        const deadline = Date.now() + 15_000;
        for (;;) {
          await page.locator("main").locator(`[data-post-id="${postAId}"], .state-empty, .state-error`).first().waitFor();
          if (await cardA.count()) break;
          if (Date.now() > deadline) {
            const shown = (await page.locator("main").innerText()).slice(0, 400);
            throw new AssertionError(`A's post ${postAId} is not in the results after 15 s; the page shows:\n${shown}`);
          }
          await page.waitForTimeout(500);
          await page.reload();
        }
        const marked = cardA.locator("[data-title-html] b");
        assert((await marked.count()) >= 1, "A's result has no highlighted word in its title");
        assertEqual((await marked.first().innerText()).toLowerCase(), suffix.toLowerCase(), "the highlighted word");
        const snippetMarks = await cardA.locator("[data-snippet] b").allInnerTexts();
        assert(
          snippetMarks.some((text) => text.toLowerCase() === "markdown"),
          `A's snippet does not highlight "markdown": ${JSON.stringify(snippetMarks)}`,
        );
        // Only <b> in the highlighted parts of every result.
        const tags = await results
          .locator("[data-title-html] *, [data-snippet] *")
          .evaluateAll((nodes) => [...new Set(nodes.map((node) => node.tagName.toLowerCase()))]);
        assertEqual(tags, ["b"], "elements inside highlighted titles and snippets");
        assert((await cardA.locator("h2").innerText()).includes(postA.title), "the highlighted title reads as the post's title");
        // Results are the same cards as elsewhere: A's like (from Latest) shows here too.
        const likedHere = results.locator(`[data-post-id="${liked.id}"] button[data-action="like"]`);
        if (await likedHere.count()) {
          assertEqual(await likedHere.getAttribute("aria-pressed"), "true", "A's like on a search result card");
        }
        await page.getByRole("status").filter({ hasText: "for “" }).waitFor();
        await shot("search");
      },
    );

    await step("the Hot tab shows cards ranked by the server (sort=hot)", async () => {
      const hotIds = [liked.id, String(postsB[0].id)];
      const deadline = Date.now() + 15_000;
      for (;;) {
        const answered = page.waitForResponse(
          (r) => new URL(r.url()).pathname === "/api/v1/posts" && new URL(r.url()).searchParams.get("sort") === "hot",
        );
        await page.goto(`${baseUrl}/?tab=hot`);
        const response = await answered;
        assert(response.ok(), `GET /posts?sort=hot -> HTTP ${response.status()}`);
        await page.getByRole("heading", { level: 1, name: "Hot posts" }).waitFor();
        await page.locator("main").locator("[data-post-id], .state-empty, .state-error").first().waitFor();
        const shown = await cardState();
        // A liked one post, B liked another: both have engagement, so both rank once indexed.
        if (hotIds.every((id) => shown.some((card) => card.id === id))) break;
        if (Date.now() > deadline) {
          throw new AssertionError(`the Hot tab lacks the liked posts ${hotIds} after 15 s: ${JSON.stringify(shown)}`);
        }
        await page.waitForTimeout(500);
      }
      assertEqual(await page.getByRole("link", { name: "Hot", exact: true }).getAttribute("aria-current"), "page", "Hot tab");
      assertEqual(await page.getByText(/coming soon/i).count(), 0, "no coming-soon notice");
      const state = await cardState();
      assertEqual(state.find((card) => card.id === liked.id)?.liked, "true", "A's like on the Hot tab");
      await shot("hot");
    });

    // ---- sign-in with a provider (tests/scripts/oauth-provider.mjs plays GitHub and "Example ID")
    const oauthStep = (name, fn) =>
      oauthProvider ? step(name, fn) : (console.log(`  - ${name} (skipped: E2E_OAUTH_PROVIDER unset)`), Promise.resolve());
    const cara = {
      sub: `cara-${suffix}`,
      login: `cara_${suffix}`,
      name: `Cara Example ${suffix}`,
      email: `cara_${suffix}@example.com`,
      email_verified: true,
      picture: null,
    };
    const annOnGitHub = {
      sub: String(400000 + Math.floor(Math.random() * 100000)),
      login: `ann-gh-${suffix}`,
      name: "Ann on GitHub",
      email: `ann_gh_${suffix}@example.com`,
      email_verified: true,
      picture: null,
    };
    let caraId;

    await oauthStep("A (a password account) links GitHub in Settings and sees it listed", async () => {
      await providerIdentity(annOnGitHub);
      await page.goto(`${baseUrl}/settings`);
      const methods = page.getByRole("list", { name: "Ways you sign in" });
      await methods.locator('[data-method="password"]').waitFor();
      assertEqual(await methods.locator("[data-provider]").count(), 0, "linked providers before linking");
      await page.getByRole("button", { name: "Link GitHub" }).click();
      // To the provider and back through the API's callback, to /oauth/complete#linked=github, to Settings.
      await page.waitForURL(`${baseUrl}/settings`);
      const row = methods.locator('[data-provider="github"]');
      await row.waitFor();
      assert((await row.innerText()).includes(annOnGitHub.login), `the GitHub row reads: ${await row.innerText()}`);
      await page.getByText("GitHub is now linked").waitFor();
      await page.getByRole("button", { name: "Link Example ID" }).waitFor();
      assert(!page.url().includes("#"), `the address keeps a fragment: ${page.url()}`);
      await page.locator("#sign-in-methods").scrollIntoViewIfNeeded();
      await page.waitForLoadState("networkidle").catch(() => {});
      await page.locator("#sign-in-methods").screenshot({ path: path.join(shotsDir, "settings-sign-in-methods.png") });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator("#sign-in-methods").screenshot({ path: path.join(shotsDir, "settings-sign-in-methods-phone.png") });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await oauthStep(
      "a new person signs in with Example ID from a post and lands back on it, under the provider's name",
      async () => {
        await signOut();
        await providerIdentity(cara);
        await page.goto(`${baseUrl}/posts/${postAId}`);
        await page.getByRole("heading", { level: 1, name: postA.title }).waitFor();
        await page.locator("header").getByRole("link", { name: "Sign in" }).click();
        await page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("next") === `/posts/${postAId}`);
        await page.getByRole("button", { name: "Sign in with Example ID" }).click();
        await page.waitForURL(`${baseUrl}/posts/${postAId}`);
        await page.getByRole("link", { name: `Your profile (${cara.name})` }).waitFor();
        const me = await pageMe();
        assertEqual(me?.nickname, cara.name, "the new account's display name");
        assertEqual(me?.email, cara.email, "the new account's email");
        assert(me?.confirmed === true, "an account made through a provider's verified email is confirmed");
        caraId = me.id;
        assert(!page.url().includes("#"), `the address keeps a fragment: ${page.url()}`);
      },
    );

    await oauthStep("signing out and in again with Example ID gives the same account", async () => {
      await signOut();
      await page.goto(`${baseUrl}/signin`);
      await page.getByRole("button", { name: "Sign in with Example ID" }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole("link", { name: `Your profile (${cara.name})` }).waitFor();
      assertEqual((await pageMe())?.id, caraId, "account id after the second sign-in");
    });

    await oauthStep(
      "a refused sign-in shows our own words for its code on /oauth/complete, never the link's message",
      async () => {
        // A callback whose state no sign-in started: the server sends the browser to
        // /oauth/complete#error=oauth_state_invalid&message=…
        await signOut();
        await page.goto(`${baseUrl}/api/v1/auth/oauth/oidc/callback?code=forged&state=forged`);
        await page.waitForURL((url) => url.pathname === "/oauth/complete");
        await page.getByRole("heading", { level: 1, name: "This sign-in link is not valid" }).waitFor();
        const text = await page.getByRole("alert").innerText();
        assert(/started in another browser/i.test(text), `the alert reads: ${text}`);
        assert(!page.url().includes("#"), `the error stays in the address bar: ${page.url()}`);
        // The same code in a link someone crafted: their message is not shown.
        await page.goto(`${baseUrl}/`);
        await page.goto(
          `${baseUrl}/oauth/complete#error=oauth_state_invalid&provider=oidc&message=${encodeURIComponent("Your account is locked: call +1 555 0100")}`,
        );
        await page.getByRole("heading", { level: 1, name: "This sign-in link is not valid" }).waitFor();
        const body = await page.locator("main").innerText();
        assert(!/locked|555 0100/.test(body), `the crafted message is on screen: ${body}`);
        await page.getByRole("link", { name: "Back to sign in" }).waitFor();
        await shot("oauth-complete-error");
        await page.setViewportSize({ width: 360, height: 740 });
        await shot("oauth-complete-error-phone", { fullPage: false });
        await page.setViewportSize({ width: 1280, height: 900 });
        // For the provider's own refusal, its reason is quoted, cut to 200 characters.
        await page.goto(`${baseUrl}/`);
        const reason = `Example ID did not sign you in: ${"the user declined the request ".repeat(12)}`;
        await page.goto(`${baseUrl}/oauth/complete#error=oauth_denied&provider=oidc&message=${encodeURIComponent(reason)}`);
        await page.getByRole("heading", { level: 1, name: "Example ID did not sign you in" }).waitFor();
        const quoted = await page.locator(".oauth-detail q").innerText();
        assert(quoted.length <= 200 && quoted.endsWith("…"), `the quoted reason: ${quoted}`);
        await shot("oauth-complete-denied");
      },
    );

    await oauthStep("A signs in with the linked GitHub account", async () => {
      await providerIdentity(annOnGitHub);
      await page.getByRole("link", { name: "Back to sign in" }).click();
      await page.getByRole("button", { name: "Sign in with GitHub" }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole("link", { name: /Your profile/ }).waitFor();
      assertEqual((await pageMe())?.name, userA.name, "GitHub signs in to A's account");
    });

    await step("code blocks: highlighted (lazy chunk) with a copy button; Joined shows the year", async () => {
      const post = await apiCall("POST", "/posts", {
        token: tokenB,
        body: {
          title: `Bob's snippet ${suffix}`,
          content: 'A function:\n\n```rust\nfn main() {\n    let answer = 42;\n    println!("{answer}");\n}\n```\n',
          tags: ["news"],
        },
      });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      await page.goto(`${baseUrl}/posts/${post.id}`);
      await page.locator(".post-content pre code.hljs .hljs-keyword").first().waitFor();
      await page.getByRole("button", { name: "Copy code" }).click();
      await page.getByRole("button", { name: "Copy code" }).getByText("Copied").waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert(
        copied.startsWith("fn main() {") && copied.includes("let answer = 42;"),
        `the clipboard holds ${JSON.stringify(copied)}`,
      );
      await shot("post-code");

      await page.goto(`${baseUrl}/users/${userB.name}`);
      const joined = await page.locator(".profile-meta").innerText();
      assert(/Joined\s+[A-Z][a-z]+ \d{4}/.test(joined), `the profile says "${joined}"`);
    });

    await step("dark theme: chosen in the footer, remembered, buttons readable (4.5:1)", async () => {
      await page.goto(`${baseUrl}/compose`);
      await page.locator(".theme-switch label", { hasText: "Dark" }).click();
      await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
      await page.reload();
      await page.getByRole("heading", { name: "New post" }).waitFor();
      assertEqual(await page.evaluate(() => document.documentElement.dataset.theme), "dark", "the theme after a reload");
      const publish = page.getByRole("button", { name: "Publish" });
      const colours = await publish.evaluate((button) => ({
        text: getComputedStyle(button).color,
        fill: getComputedStyle(button).backgroundColor,
      }));
      const ratio = contrastOf(colours.text, colours.fill);
      assert(ratio >= 4.5, `Publish in dark mode: ${colours.text} on ${colours.fill} is ${ratio.toFixed(2)}:1`);
      await page.goto(`${baseUrl}/?tab=latest`);
      await cards().first().waitFor();
      await shot("home-dark");
      await axeScan("home, dark theme");
      await page.locator(".theme-switch label", { hasText: "System" }).click();
      await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
    });

    await step("a visitor's Like leads to sign-in and is finished after it", async () => {
      if ((await pageMe()) !== null) await signOut();
      await page.goto(`${baseUrl}/?tab=latest`);
      const target = postsB[2];
      const card = page.locator(`[data-post-id="${target.id}"]`);
      await card.waitFor();
      const likeButton = card.locator('button[data-action="like"]');
      assertEqual(await likeButton.getAttribute("aria-pressed"), "false", "the visitor's card before");
      await likeButton.click();
      await page.waitForURL((url) => url.pathname === "/signin");
      await page.getByLabel("Username or email").fill(userA.name);
      await page.getByLabel("Password").fill(userA.password);
      const saved = page.waitForResponse((r) => r.url().endsWith(`/posts/${target.id}/like`) && r.request().method() === "PUT");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      assert((await saved).ok(), "the like after sign-in was refused");
      await page.waitForURL((url) => url.pathname === "/");
      await page.waitForFunction(
        (id) =>
          document.querySelector(`[data-post-id="${id}"] button[data-action="like"]`)?.getAttribute("aria-pressed") === "true",
        target.id,
      );
      await shot("like-after-sign-in");
    });

    await step(
      "no request left the site's origin (but for navigations to the sign-in provider) and no script error",
      async () => {
        assertEqual(foreignRequests, [], "requests to other origins");
        assertEqual(pageErrors, [], "uncaught page errors");
        assertEqual(policyViolations, [], "Content-Security-Policy violations");
        if (oauthProvider) assert(providerNavigations.length > 0, "the browser never went to the sign-in provider");
      },
    );

    // Last, so that a tidings binary built before the avatar endpoint fails only this step.
    await step("A uploads an avatar in Settings; the header and profile show it", async () => {
      if ((await pageMe())?.name !== userA.name) {
        await signOut().catch(() => {});
        await page.goto(`${baseUrl}/signin`);
        await page.getByLabel("Username or email").fill(userA.name);
        await page.getByLabel("Password").fill(userA.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByRole("link", { name: /Your profile/ }).waitFor();
      }
      await page.goto(`${baseUrl}/settings`);
      const form = page.getByRole("form", { name: "Avatar" });
      await form.getByLabel("Choose an image").setInputFiles({ name: "ann.png", mimeType: "image/png", buffer: makePng(96) });
      await form.locator("img[data-avatar-preview]").waitFor();
      const answered = page.waitForResponse(
        (r) => new URL(r.url()).pathname === "/api/v1/me/avatar" && r.request().method() === "PUT",
      );
      await form.getByRole("button", { name: "Upload avatar" }).click();
      const response = await answered;
      if (response.status() === 404 || response.status() === 405) {
        throw new AssertionError(
          `PUT /api/v1/me/avatar -> HTTP ${response.status()}: this tidings binary has no avatar endpoint. ` +
            "Rebuild it from the current main, then run again.",
        );
      }
      assert(response.ok(), `PUT /api/v1/me/avatar -> HTTP ${response.status()}: ${(await response.text()).slice(0, 300)}`);
      const me = await response.json();
      assert(me.avatar?.startsWith("/"), `the answer's avatar is ${JSON.stringify(me.avatar)}`);
      assert(me.avatar_small?.startsWith("/"), `the answer's avatar_small is ${JSON.stringify(me.avatar_small)}`);
      await form.getByText("Your new avatar is saved.").waitFor();
      // The header changes without a reload, and its picture really loads.
      const loaded = (selector) =>
        page.waitForFunction((css) => {
          const image = document.querySelector(css);
          return image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0;
        }, selector);
      await loaded("header .header-me img.avatar");
      const headerSrc = await page.locator("header .header-me img.avatar").getAttribute("src");
      assertEqual(headerSrc, me.avatar_small, "the header draws the small avatar");
      await form.locator("img.avatar").first().waitFor();
      await loaded("#avatar img.avatar");
      await form.scrollIntoViewIfNeeded();
      await page.locator("#avatar").screenshot({ path: path.join(shotsDir, "settings-avatar.png") });
      await page.locator("header").screenshot({ path: path.join(shotsDir, "header-avatar.png") });
      await shot("settings-with-avatar");
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator("#avatar").screenshot({ path: path.join(shotsDir, "settings-avatar-phone.png") });
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.goto(`${baseUrl}/users/${userA.name}`);
      await loaded(".profile-head img.avatar");
      assertEqual(
        await page.locator(".profile-head img.avatar").getAttribute("src"),
        me.avatar,
        "the profile draws the large avatar",
      );
      await shot("profile-avatar");
      assertEqual(foreignRequests, [], "requests to other origins");
      assertEqual(pageErrors, [], "uncaught page errors");
    });

    await step("bookmarks are private by default; shown on the profile only while A turns them on", async () => {
      // A is signed in here (the avatar step).
      const tokenA = await pageToken();
      assert(tokenA, "A is not signed in");
      const bookmarked = postsB[1];
      await apiCall("PUT", `/posts/${bookmarked.id}/collect`, { token: tokenA });
      const collectsAs = async (token) =>
        (await fetch(`${api}/users/${userA.name}/collects`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }))
          .status;
      const errorCode = async (token) =>
        (
          await (
            await fetch(`${api}/users/${userA.name}/collects`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
          ).json()
        ).error?.code;
      assertEqual(await collectsAs(tokenB), 403, "B reads A's private bookmarks");
      assertEqual(await errorCode(tokenB), "collects_private", "the 403's code");
      assertEqual(await collectsAs(undefined), 403, "a visitor reads A's private bookmarks");
      assertEqual(await collectsAs(tokenA), 200, "A reads A's own bookmarks");

      // The owner sees them, with a note that only they can.
      await page.goto(`${baseUrl}/users/${userA.name}/collects`);
      await page.locator(`[data-post-id="${bookmarked.id}"]`).waitFor();
      await page.locator("[data-private-collects]", { hasText: "Only you can see your bookmarks." }).waitFor();
      await shot("profile-own-private-bookmarks");
      await axeScan("own profile, private bookmarks");

      // Another person (B, signed in, in their own browser) sees no Bookmarks tab.
      const visitor = await visitorPage();
      try {
        await signInVisitor(visitor, userB);
        const tabs = visitor.getByRole("navigation", { name: "Profile sections" });
        const bookmarksTab = tabs.getByRole("link", { name: "Bookmarks" });
        await visitor.goto(`${baseUrl}/users/${userA.name}`);
        await tabs.getByRole("link", { name: "Likes" }).waitFor();
        assertEqual(await bookmarksTab.count(), 0, "Bookmarks tabs B sees on A's profile while private");
        await visitor.goto(`${baseUrl}/users/${userA.name}/collects`);
        await visitor.getByText(/keeps their bookmarks private\./).waitFor();
        await visitor.screenshot({ path: path.join(shotsDir, "profile-private-bookmarks-visitor.png"), fullPage: true });

        // A turns them on in Settings → Privacy & data.
        await page.goto(`${baseUrl}/settings`);
        await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Privacy & data" }).click();
        await waitInView(page.getByRole("heading", { level: 2, name: "Privacy & data" }));
        assert(await isFocused(page.getByRole("heading", { level: 2, name: "Privacy & data" })), "the section heading has focus");
        assert(page.url().endsWith("/settings#privacy"), `the address is ${page.url()}`);
        const toggle = page.getByRole("switch", { name: "Show my bookmarks on my profile" });
        assertEqual(await toggle.isChecked(), false, "the switch starts off (private by default)");
        const patched = page.waitForResponse(
          (r) => new URL(r.url()).pathname === "/api/v1/me" && r.request().method() === "PATCH",
        );
        await toggle.click();
        const patchResponse = await patched;
        assert(patchResponse.ok(), `PATCH /me -> HTTP ${patchResponse.status()}`);
        assertEqual((await patchResponse.json()).collects_public, true, "PATCH /me answers collects_public");
        await page.getByText("Your bookmarks are now on your profile.").waitFor();
        await page.locator("#privacy").screenshot({ path: path.join(shotsDir, "settings-privacy-on.png") });
        assertEqual(await collectsAs(tokenB), 200, "B reads A's shown bookmarks");

        await visitor.goto(`${baseUrl}/users/${userA.name}`);
        await bookmarksTab.click();
        await visitor.locator(`[data-post-id="${bookmarked.id}"]`).waitFor();
        await visitor.screenshot({ path: path.join(shotsDir, "profile-public-bookmarks-visitor.png"), fullPage: true });

        // And off again: the tab goes.
        await toggle.click();
        await page.getByText("Your bookmarks are now private.").waitFor();
        assertEqual(await collectsAs(tokenB), 403, "B reads A's bookmarks made private again");
        await visitor.goto(`${baseUrl}/users/${userA.name}`);
        await tabs.getByRole("link", { name: "Likes" }).waitFor();
        assertEqual(await bookmarksTab.count(), 0, "Bookmarks tabs B sees after A hid them again");
      } finally {
        await visitor.context().close();
      }
    });

    await step("settings in sections, with in-page navigation (desktop and phone); axe", async () => {
      await page.goto(`${baseUrl}/settings`);
      const nav = page.getByRole("navigation", { name: "Settings sections" });
      await nav.getByRole("link", { name: "Imported feeds" }).waitFor();
      assertEqual(
        await nav.getByRole("link").allTextContents(),
        ["Profile", "Account", "Sign-in methods", "Notifications", "Privacy & data", "Imported feeds"],
        "settings sections",
      );
      for (const name of ["Profile", "Account", "Sign-in methods", "Notifications", "Privacy & data", "Imported feeds"]) {
        await page.getByRole("region", { name }).getByRole("heading", { level: 2, name }).waitFor();
      }
      await page.getByLabel("Display name").waitFor();
      await axeScan("settings (sections)");
      await shot("settings-sections");
      await nav.getByRole("link", { name: "Account" }).click();
      // Scrolled until the section sits right under the sticky header (its scroll-margin-top,
      // where smooth scrolling ends), so the picture is not taken mid-scroll; the navigation then
      // marks it as the section being read.
      await page.waitForFunction(
        () => Math.abs((document.getElementById("account")?.getBoundingClientRect().top ?? 999) - 72) < 1,
      );
      await page.locator('.settings-nav a[aria-current="true"]', { hasText: "Account" }).waitFor();
      await page.screenshot({ path: path.join(shotsDir, "settings-account.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.goto(`${baseUrl}/settings`);
        await page.getByLabel("Display name").waitFor();
        await assertNoSidewaysScroll("settings (phone)");
        await axeScan("settings (phone)");
        await shot("settings-phone", { fullPage: false });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    await step("share: on a post page, Copy link puts the post's canonical address on the clipboard, with a toast", async () => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      // A tab of its own without the system share sheet, so the app's menu (and its Copy link) is
      // what a click opens; the other tabs keep the browser as it is.
      const sharePage = actOnTheApp(await context.newPage(), "(share) ");
      sharePage.on("pageerror", (error) => pageErrors.push(`(share) ${error}`));
      try {
        await sharePage.addInitScript(() => {
          delete Navigator.prototype.share;
          delete Navigator.prototype.canShare;
        });
        await sharePage.setViewportSize({ width: 1280, height: 900 });
        const post = postsB[0];
        await sharePage.goto(`${baseUrl}/posts/${post.id}`);
        await sharePage.getByRole("heading", { level: 1, name: post.title }).waitFor();
        assertEqual(await sharePage.evaluate(() => typeof navigator.share), "undefined", "navigator.share in the share tab");
        const trigger = sharePage.locator(".post-detail-actions").getByRole("button", { name: "Share" });
        assertEqual(await trigger.getAttribute("aria-expanded"), "false", "the menu before a click");
        await trigger.click();
        const menu = sharePage.getByRole("menu");
        await menu.waitFor();
        assertEqual(await trigger.getAttribute("aria-expanded"), "true", "the menu after a click");
        assert(
          await isFocused(menu.getByRole("menuitem", { name: "Copy link" })),
          "opening the menu did not focus its first item",
        );
        const mailto = await menu.getByRole("menuitem", { name: "Share by email" }).getAttribute("href");
        assert(
          mailto.includes(encodeURIComponent(`${baseUrl}/posts/${post.id}`)),
          `the email link does not carry the post's address: ${mailto}`,
        );
        await menu.getByRole("menuitem", { name: "Copy link" }).click();
        await sharePage.locator(".toast", { hasText: "Link copied" }).waitFor();
        await menu.waitFor({ state: "detached" });
        await sharePage.bringToFront();
        assertEqual(
          await sharePage.evaluate(() => navigator.clipboard.readText()),
          `${baseUrl}/posts/${post.id}`,
          "the address on the clipboard",
        );
        // The keyboard: Enter opens, Escape closes and focus is back on the button.
        await trigger.focus();
        await sharePage.keyboard.press("Enter");
        await menu.waitFor();
        await sharePage.keyboard.press("ArrowDown");
        assert(await isFocused(menu.getByRole("menuitem", { name: "Share by email" })), "ArrowDown did not move to email");
        await sharePage.keyboard.press("Escape");
        await menu.waitFor({ state: "detached" });
        assert(await isFocused(trigger), "Escape did not give focus back to the Share button");
        await sharePage.screenshot({ path: path.join(shotsDir, "share-post.png") });

        // Cards: each has its own menu; a click elsewhere closes it.
        await sharePage.goto(`${baseUrl}/?tab=latest`);
        const second = sharePage.locator("[data-post-id]").nth(1);
        const secondId = await second.getAttribute("data-post-id");
        await second.getByRole("button", { name: "Share" }).click();
        await second.getByRole("menu").waitFor();
        assertEqual(await sharePage.getByRole("menu").count(), 1, "menus open after opening the second card's");
        await sharePage.screenshot({ path: path.join(shotsDir, "share-card-menu.png") });
        await second.getByRole("menu").getByRole("menuitem", { name: "Copy link" }).click();
        await sharePage.locator(".toast", { hasText: "Link copied" }).first().waitFor();
        assertEqual(
          await sharePage.evaluate(() => navigator.clipboard.readText()),
          `${baseUrl}/posts/${secondId}`,
          "the second card's copied address",
        );
        await second.getByRole("button", { name: "Share" }).click();
        await second.getByRole("menu").waitFor();
        await sharePage.locator("h1").click();
        await sharePage.getByRole("menu").waitFor({ state: "detached" });
      } finally {
        await sharePage.close();
      }
    });

    await step("feeds: pages carry their feed in the head (from the server, then as the app moves) and as a link", async () => {
      const atomLinks = (target) =>
        target.evaluate(() =>
          [...document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')].map((link) => link.href),
        );
      const canonicalLink = (target) =>
        target.evaluate(() => document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? null);
      const feeds = `${baseUrl}/api/v1/feeds`;
      const post = postsB[0];
      const expected = [
        [`/tags/${tagName}`, `${baseUrl}/tags/${tagName}`, `${feeds}/tags/${tagName}.atom`],
        [`/posts/${post.id}`, `${baseUrl}/posts/${post.id}`, `${feeds}/posts/${post.id}/comments.atom`],
      ];
      // What the server writes into the HTML it sends (for feed readers and crawlers without JavaScript).
      for (const [pathname, canonical, atom] of expected) {
        const html = await (await fetch(`${baseUrl}${pathname}`)).text();
        if (!html.includes("data-page-meta")) {
          console.log(`      note: the server writes no page metadata into ${pathname} yet: checking what the app writes`);
          continue;
        }
        const head = html.slice(0, html.indexOf("</head>"));
        assert(
          head.includes(`<link rel="alternate" type="application/atom+xml"`) && head.includes(`href="${atom}"`),
          `GET ${pathname}: the head has no Atom feed link to ${atom}`,
        );
        assert(head.includes(`<link rel="canonical" href="${canonical}"`), `GET ${pathname}: no canonical link to ${canonical}`);
      }
      // Loaded directly, once the app runs.
      for (const [pathname, canonical, atom] of expected) {
        await page.goto(`${baseUrl}${pathname}`);
        await page.locator("#main h1").first().waitFor();
        await page
          .waitForFunction(
            (href) => document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.href === href,
            atom,
            {
              timeout: 5000,
            },
          )
          .catch(() => {});
        assertEqual(await atomLinks(page), [atom], `Atom feed links on ${pathname} loaded directly`);
        assertEqual(await canonicalLink(page), canonical, `canonical link on ${pathname} loaded directly`);
      }
      // Moving inside the app (no page load): each page's links replace the last one's.
      await page.goto(`${baseUrl}/tags/${tagName}`);
      const tagAtom = page.locator("[data-feed-links]").getByRole("link", { name: "Atom feed" });
      assertEqual(await tagAtom.getAttribute("href"), `${feeds}/tags/${tagName}.atom`, "the tag page's visible feed link");
      assertEqual(
        await page.locator("[data-feed-links]").getByRole("link", { name: "RSS" }).getAttribute("href"),
        `${feeds}/tags/${tagName}.rss`,
        "the tag page's visible RSS link",
      );
      const loads = await page.evaluate(() => performance.getEntriesByType("navigation").length);
      await page.evaluate(() => (window.__samePage = true));
      await cards().first().locator("h2 a").first().click();
      await page.waitForURL(/\/posts\/\d+$/);
      const postId = page.url().match(/\/posts\/(\d+)$/)[1];
      await page.locator("#main h1").first().waitFor();
      await page.waitForFunction(
        (href) => document.querySelector('link[rel="canonical"]')?.getAttribute("href") === href,
        `${baseUrl}/posts/${postId}`,
      );
      assertEqual(await atomLinks(page), [`${feeds}/posts/${postId}/comments.atom`], "Atom feed links after moving to a post");
      await page.locator("header").getByRole("link", { name: "Home", exact: true }).click();
      await cards().first().waitFor();
      await page.waitForFunction(
        (href) => document.querySelector('link[rel="canonical"]')?.getAttribute("href") === href,
        `${baseUrl}/`,
      );
      assertEqual(await atomLinks(page), [`${feeds}/latest.atom`], "Atom feed links after moving home");
      assertEqual(
        await page.locator(".list-toolbar [data-feed-links] a").getAttribute("href"),
        `${feeds}/latest.atom`,
        "the home page's feed link",
      );
      await page.getByRole("navigation", { name: "Post lists" }).getByRole("link", { name: "Hot" }).click();
      await page.waitForFunction(
        (href) => document.querySelector('link[rel="canonical"]')?.getAttribute("href") === href,
        `${baseUrl}/?tab=hot`,
      );
      assertEqual(await atomLinks(page), [`${feeds}/hot.atom`], "Atom feed links on the Hot tab");
      await page
        .locator("header")
        .getByRole("link", { name: /Your profile/ })
        .click();
      await page.locator(".profile-head").waitFor();
      await page.waitForFunction(
        (href) => document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute("href") === href,
        `${feeds}/users/${userA.name}.atom`,
      );
      await page.locator(".profile-head").getByRole("link", { name: "Edit profile" }).click();
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      await page.waitForFunction(() => !document.querySelector('link[rel="alternate"], link[rel="canonical"]'));
      assert(await page.evaluate(() => window.__samePage === true), "the moves above reloaded the page");
      assertEqual(await page.evaluate(() => performance.getEntriesByType("navigation").length), loads, "page loads");
      // The feeds themselves answer.
      for (const [, , atom] of expected) {
        const response = await fetch(atom);
        assertEqual(response.status, 200, `GET ${atom}`);
        assert((await response.text()).includes("<feed"), `${atom} is not an Atom feed`);
      }
    });

    await step("settings: a private feed of A's timeline: made, read by a feed reader, then revoked (404)", async () => {
      await page.goto(`${baseUrl}/settings#privacy`);
      const block = page.locator("[data-private-feed]");
      await block.locator("[data-private-feed-status]").waitFor();
      if ((await block.locator("[data-private-feed-status]").getAttribute("data-private-feed-status")) === "active") {
        await block.getByRole("button", { name: "Revoke" }).click();
        await block.getByRole("button", { name: "Revoke: the address stops working" }).click();
      }
      await block.getByRole("button", { name: "Create feed address" }).click();
      const atomField = block.getByRole("textbox", { name: "Atom feed address" });
      await atomField.waitFor();
      const atomUrl = await atomField.inputValue();
      const rssUrl = await block.getByRole("textbox", { name: "RSS feed address" }).inputValue();
      assert(atomUrl.startsWith(`${baseUrl}/api/v1/feeds/home/`) && atomUrl.endsWith(".atom"), `the Atom address: ${atomUrl}`);
      await block.getByText("You have a private feed address, made").waitFor();
      await block.getByRole("button", { name: "Copy Atom feed address" }).click();
      await page.locator(".toast", { hasText: "Atom feed address copied" }).waitFor();
      await block.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shotsDir, "settings-private-feed.png") });
      await axeScan("settings, private feed addresses shown");
      // A feed reader has no session: the address alone opens A's timeline (A follows B).
      const feed = await page.request.get(atomUrl);
      assertEqual(feed.status(), 200, `GET ${atomUrl}`);
      const atom = await feed.text();
      assert(atom.includes("<feed"), "the private Atom feed is not an Atom document");
      assert(atom.includes(`Bob for the timeline ${suffix}`), "B's post is not in A's private timeline feed");
      const rss = await page.request.get(rssUrl);
      assertEqual(rss.status(), 200, `GET ${rssUrl}`);
      assert((await rss.text()).includes("<rss"), "the private RSS feed is not an RSS document");
      // Shown once: after a reload only the date is left.
      await page.reload();
      await block.getByText("You have a private feed address, made").waitFor();
      assertEqual(await block.getByRole("textbox").count(), 0, "addresses shown after a reload");
      await block.getByRole("button", { name: "Revoke" }).click();
      await block.getByRole("button", { name: "Revoke: the address stops working" }).click();
      await block.getByText("You have no private feed address.").waitFor();
      assertEqual((await page.request.get(atomUrl)).status(), 404, "the revoked Atom address");
      assertEqual((await page.request.get(rssUrl)).status(), 404, "the revoked RSS address");
    });

    await step(
      "notifications: B replies to A's post and A's bell counts it live; the inbox leads to the reply; @ offers B",
      async () => {
        const tokenA = await pageToken();
        // Earlier steps told A things (B's replies): start from nothing unread.
        await apiCall("POST", "/me/notifications/read", { token: tokenA, body: {} });
        // The stream is open (its response headers are in) before B writes, so the count that
        // follows is pushed, not read on opening. The server holds a few streams per person and
        // lets go of a closed one only some time after (seen here: 429 after the many page loads
        // before this step); the app then tries again, 1 s, 2 s, 4 s … later, each time with a
        // new ticket.
        const streamOpen = page.waitForResponse(
          (response) => response.url().includes("/api/v1/me/notifications/stream?") && response.status() === 200,
          { timeout: 60_000 },
        );
        await page.goto(`${baseUrl}/posts/${postAId}`);
        await page.getByRole("heading", { level: 1, name: postA.title }).waitFor();
        const stream = await streamOpen;
        assert(
          (stream.headers()["content-type"] ?? "").startsWith("text/event-stream"),
          `the stream answers ${stream.headers()["content-type"]}`,
        );
        const bell = page.locator("header.site-header").getByRole("link", { name: /^Notifications/ });
        await page.waitForFunction(
          () => document.querySelector("header.site-header [data-unread-count]")?.getAttribute("data-unread-count") === "0",
        );
        assertEqual(await bell.locator("[data-unread-badge]").count(), 0, "the bell's badge with nothing unread");
        assertEqual(await bell.getAttribute("aria-label"), "Notifications", "the bell's name with nothing unread");
        await page.evaluate(() => (window.e2eSamePage = true));

        const replyText = `Bob answers Ann ${suffix}`;
        const reply = await apiCall("POST", `/posts/${postAId}/comments`, {
          token: tokenB,
          body: { content: replyText, ref_id: 0 },
        });
        const sent = Date.now();
        await page
          .waitForFunction(() => document.querySelector("header.site-header [data-unread-badge]")?.textContent === "1", null, {
            timeout: 5000,
          })
          .catch(() => {
            throw new AssertionError("A's bell did not show 1 within 5 s of B's reply");
          });
        console.log(`      the badge showed 1 after ${Date.now() - sent} ms`);
        assertEqual(await bell.getAttribute("aria-label"), "Notifications, 1 unread", "the bell's name");
        assertEqual(await page.evaluate(() => window.e2eSamePage === true), true, "the page was not reloaded");
        await page.locator("header.site-header").screenshot({ path: path.join(shotsDir, "notifications-bell.png") });

        await bell.click();
        await page.waitForURL(`${baseUrl}/notifications`);
        await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
        const entry = page.locator(".notification[data-unread]", { hasText: replyText });
        await entry.waitFor();
        const words = await entry.innerText();
        assert(words.includes(`${userB.name} replied to ${postA.title}`), `the entry reads: ${words}`);
        await axeScan("notifications");
        await shot("notifications");
        await entry.getByRole("link").click();
        await page.waitForURL(`${baseUrl}/posts/${postAId}#comment-${reply.id}`);
        await page.locator(`#comment-${reply.id} > article[aria-current=true]`).waitFor();
        // Opened, so read: the badge goes.
        await page.waitForFunction(() => !document.querySelector("header.site-header [data-unread-badge]"));

        // Writing a comment, `@` and the first letters of B's name offer B; Enter puts the name in.
        const box = page.getByLabel("Add a comment");
        const typed = userB.name.slice(0, userB.name.indexOf("_") + 3);
        await box.click();
        await box.pressSequentially(`Thanks @${typed}`);
        const offered = page
          .getByRole("listbox", { name: "People to mention" })
          .getByRole("option", { name: new RegExp(userB.name) });
        await offered.waitFor();
        assertEqual(await box.getAttribute("aria-expanded"), "true", "the comment box's aria-expanded with people offered");
        await page.locator("form[data-form=comment]").screenshot({ path: path.join(shotsDir, "mention-suggestions.png") });
        await box.press("Enter");
        assertEqual(await box.inputValue(), `Thanks @${userB.name} `, "the comment box after choosing B");
        assertEqual(await box.getAttribute("aria-expanded"), "false", "the comment box's aria-expanded after choosing");
        await box.fill("");

        // Settings → Notifications: a change is saved at once and kept.
        await page.goto(`${baseUrl}/settings#notifications`);
        const likesByMail = page.getByRole("checkbox", { name: "Likes by email" });
        await likesByMail.waitFor();
        const before = await likesByMail.isChecked();
        await likesByMail.click();
        await page.locator("[data-settings-status]", { hasText: "Saved." }).waitFor();
        await page.reload();
        await likesByMail.waitFor();
        assertEqual(await likesByMail.isChecked(), !before, "Likes by email after a reload");
        await likesByMail.click();
        await page.locator("[data-settings-status]", { hasText: "Saved." }).waitFor();
        assertEqual(pageErrors, [], "uncaught page errors");
      },
    );

    await step("A changes the email address: confirmed through the new address, the old one told", async () => {
      if (!outboxDir) {
        console.log("      (skipped: E2E_OUTBOX is not set, so the mailed link cannot be read)");
        return;
      }
      const newEmail = `ann_new_${suffix}@example.com`;
      const oldMails = mailsTo(userA.email).length;
      await page.goto(`${baseUrl}/settings#account`);
      const form = page.locator("[data-change-email]");
      await form.locator("[data-current-email]", { hasText: userA.email }).waitFor();
      // A wrong password: shown on the password field, focused.
      await form.getByLabel("New email address").fill(newEmail);
      await form.getByLabel("Your password").fill("not-the-password");
      await form.getByRole("button", { name: "Send confirmation link" }).click();
      const password = form.getByLabel("Your password");
      await page.waitForFunction(
        () => document.querySelector('[data-change-email] input[name="password"]')?.getAttribute("aria-invalid") === "true",
      );
      await waitInView(password);
      assert(await isFocused(password), "the wrong password field has focus");
      await form.locator(".field-errors", { hasText: "That is not your password." }).waitFor();
      await page.locator("#account").screenshot({ path: path.join(shotsDir, "settings-email-wrong-password.png") });
      // A taken address: on the address field.
      await form.getByLabel("New email address").fill(userB.email);
      await form.getByLabel("Your password").fill(userA.password);
      await form.getByRole("button", { name: "Send confirmation link" }).click();
      await form.locator(".field-errors", { hasText: "Another account already uses this address." }).waitFor();
      // The right password: a link goes to the new address; nothing changes until it is opened.
      await form.getByLabel("New email address").fill(newEmail);
      await form.getByLabel("Your password").fill(userA.password);
      const [sentResponse] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/me/email"),
        form.getByRole("button", { name: "Send confirmation link" }).click(),
      ]);
      assertEqual(sentResponse.status(), 202, "POST /me/email");
      await form.locator("[data-pending-email]", { hasText: newEmail }).waitFor();
      await page.locator("#account").screenshot({ path: path.join(shotsDir, "settings-email-sent.png") });
      assertEqual((await pageMe())?.email, userA.email, "the address before the link is opened");

      const link = await mailedLink(newEmail, "confirm-email-change");
      assert(new URL(link).origin === origin, `the mailed link ${link} is not on this site`);
      await page.goto(link);
      await page.locator("[data-new-email]", { hasText: newEmail }).waitFor();
      await axeScan("email changed");
      await shot("confirm-email-change");
      assertEqual((await pageMe())?.email, newEmail, "the address after the link");
      // The old address is told (server side); give the mail job a moment.
      const deadline = Date.now() + 15_000;
      while (mailsTo(userA.email).length <= oldMails && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert(mailsTo(userA.email).length > oldMails, `no notice mail to the old address ${userA.email}`);
      // The link works once.
      await page.goto(link);
      await page.getByText("This link has been used already.").waitFor();
      await shot("confirm-email-change-used");
      await page.goto(`${baseUrl}/settings#account`);
      await page.locator("[data-current-email]", { hasText: newEmail }).waitFor();
      // Signed out, the new address signs in.
      await signOut();
      await page.goto(`${baseUrl}/signin`);
      await page.getByLabel("Username or email").fill(newEmail);
      await page.getByLabel("Password").fill(userA.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByRole("link", { name: /Your profile/ }).waitFor();
      userA.email = newEmail;
      assertEqual(foreignRequests, [], "requests to other origins");
      assertEqual(pageErrors, [], "uncaught page errors");
      assertEqual(policyViolations, [], "Content-Security-Policy violations");
    });
    await step(
      "moderation: A reports B's post, a moderator removes it from the queue; gone from the list, in the log",
      async () => {
        const admin = await administrator(moderator);
        if (!admin) {
          console.log(
            `      (skipped: no E2E_ADMIN, and no server command line to make one: ${tidingsBin} / database ${databaseUrl || "unknown"})`,
          );
          return;
        }
        const authB = await apiCall("POST", "/auth/login", { body: { login: userB.name, password: userB.password } });
        const title = `Cheap watches here ${suffix}`;
        const spam = await apiCall("POST", "/posts", {
          token: authB.access_token,
          body: { title, orig_url: "https://example.com/watches", content: "Buy now.", tags: [tagName] },
        });
        const latestHas = async (visitor) => {
          await visitor.goto(`${baseUrl}/?tab=latest`);
          await visitor.locator("[data-post-id]").first().waitFor();
          return (await visitor.locator(`[data-post-id="${spam.id}"]`).count()) > 0;
        };
        const visitor = await visitorPage();
        try {
          assert(await latestHas(visitor), "the new post is not in Latest before it is removed");

          // A (signed in on the main page) reports it: a dialog asks what is wrong.
          if ((await pageMe())?.name !== userA.name) {
            if ((await pageMe()) !== null) await signOut();
            await page.goto(`${baseUrl}/signin`);
            await page.getByLabel("Username or email").fill(userA.name);
            await page.getByLabel("Password").fill(userA.password);
            await page.getByRole("button", { name: "Sign in", exact: true }).click();
            await page.getByRole("link", { name: /Your profile/ }).waitFor();
          }
          await page.goto(`${baseUrl}/posts/${spam.id}`);
          await page.getByRole("button", { name: "Report this post" }).click();
          const dialog = page.getByRole("dialog", { name: "Report this post" });
          await dialog.waitFor();
          assert(await isFocused(dialog.getByRole("radio", { name: "Spam" })), "the report dialog did not take focus");
          await dialog.getByRole("radio", { name: "Spam" }).check();
          await dialog.getByLabel("Details").fill("Advertising, nothing else");
          await axeScan("report dialog");
          await shot("report-dialog", { fullPage: false });
          const [sent] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/reports"),
            dialog.getByRole("button", { name: "Send report" }).click(),
          ]);
          assertEqual(sent.status(), 201, "POST /reports");
          await dialog.waitFor({ state: "detached" });
          await page.getByText("your report was sent to the moderators").waitFor();
          // A second report on it while the first is open: said in the dialog.
          await page.getByRole("button", { name: "Report this post" }).click();
          await dialog.getByRole("radio", { name: "Spam" }).check();
          await dialog.getByRole("button", { name: "Send report" }).click();
          await dialog.getByRole("alert").filter({ hasText: "You already reported this." }).waitFor();
          await page.keyboard.press("Escape");
          await dialog.waitFor({ state: "detached" });

          // The moderator signs in; the header leads to the queue.
          await signOut();
          await page.goto(`${baseUrl}/signin`);
          await page.getByLabel("Username or email").fill(admin.name);
          await page.getByLabel("Password").fill(admin.password);
          await page.getByRole("button", { name: "Sign in", exact: true }).click();
          await page.locator("header").getByRole("link", { name: "Moderation" }).click();
          await page.waitForURL((url) => url.pathname === "/moderation");
          const report = page.locator(".report-card", { hasText: title });
          await report.waitFor();
          assert((await report.innerText()).includes("Advertising, nothing else"), "the report's details are not in the queue");
          await axeScan("moderation queue");
          await shot("moderation-queue");
          await report.getByRole("button", { name: "Remove post" }).click();
          const remove = page.getByRole("dialog", { name: "Remove this post?" });
          await remove.getByLabel("Reason").fill("Spam: advertising");
          const [removed] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/mod/posts/${spam.id}/remove`),
            remove.getByRole("button", { name: "Remove post" }).click(),
          ]);
          assertEqual(removed.status(), 200, `POST /mod/posts/${spam.id}/remove`);
          await report.waitFor({ state: "detached" });

          // Gone from the list for everyone; its page says why.
          assert(!(await latestHas(visitor)), "the removed post is still in Latest");
          await visitor.goto(`${baseUrl}/posts/${spam.id}`);
          await visitor.getByRole("heading", { name: "This post was removed by a moderator." }).waitFor();
          assert(
            (await visitor.locator("[data-removed-reason]").innerText()).includes("Spam: advertising"),
            "no reason on its page",
          );

          // The public log says who removed what, and why.
          await page.goto(`${baseUrl}/modlog`);
          const row = page.locator(".modlog-entry", { hasText: title }).first();
          await row.waitFor();
          const text = await row.innerText();
          assert(text.includes("removed the post") && text.includes("Spam: advertising"), `the log row reads: ${text}`);
          assert(text.includes(admin.name), `the log row does not name the moderator: ${text}`);
          await axeScan("moderation log");
          await shot("modlog");
        } finally {
          await visitor.context().close();
        }
        // A signed in again, as the other steps left it.
        await signOut();
        await page.goto(`${baseUrl}/signin`);
        await page.getByLabel("Username or email").fill(userA.name);
        await page.getByLabel("Password").fill(userA.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByRole("link", { name: /Your profile/ }).waitFor();
        assertEqual(foreignRequests, [], "requests to other origins");
        assertEqual(pageErrors, [], "uncaught page errors");
        assertEqual(policyViolations, [], "Content-Security-Policy violations");
      },
    );
  } finally {
    if (failedStep) await page.screenshot({ path: path.join(shotsDir, "failure.png"), fullPage: true }).catch(() => {});
    await visitorBrowser?.close().catch(() => {});
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`e2e: crashed: ${error?.stack ?? error}`);
  console.log(`e2e: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
});
