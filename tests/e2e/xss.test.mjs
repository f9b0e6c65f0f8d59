// XSS test: the simulator's --hostile-strings mode fills reason labels, logout reasons, script
// names and address-book names with markup (<img onerror>, <script>, <svg onload>,
// javascript: URLs, HTML entities). The desktop must show all of it as text. The page runs
// twice: once with its Content-Security-Policy, and once with the CSP bypassed, so the test
// proves the page never parses server strings as HTML, not merely that the CSP blocks what
// such parsing would run.
//   node tests/e2e/xss.test.mjs
import { join } from "node:path";
import { startSim } from "./sim.mjs";
import { launch, watch, text, waitText, check, runner, OUT } from "./helpers.mjs";

/** What --hostile-strings puts in (sim/src/config.rs HOSTILE). */
const MARKUP = [
  "<img src=x onerror=alert(1)>",
  "<script>alert('xss')</script>",
  '"><svg onload=alert(2)>',
  "javascript:alert(3)",
  "&lt;b&gt;&amp;{{constructor}}",
];

const sim = await startSim({ args: ["--quiet", "--hostile-strings"] });
const browser = await launch();
let failed = false;

async function scenario(name, contextOptions, agent) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const problems = await watch(page);
  // If anything ever ran, it would call alert() (a dialog, caught by watch) or this flag.
  await page.addInitScript(() => {
    window.__xss = undefined;
    const flag = () => {
      window.__xss = true;
    };
    window.alert = flag;
    window.confirm = flag;
    window.prompt = flag;
  });
  const t = runner(name, () => page);
  const channel = (n) => page.locator("li.channel", { has: page.getByRole("heading", { name: n, exact: true }) });
  const button = (n) => page.getByRole("button", { name: n, exact: true });
  try {
    await t.step("log in and load every server string", async () => {
      await page.goto(sim.url);
      await page.waitForSelector("html[data-ready]");
      await page.fill("#login-agent", agent);
      await page.fill("#login-password", "pass");
      await page.click("#login-submit");
      await waitText(page.locator("#badge"), /^Connected$/);
      const ext = `500${agent.slice(-1)}`;
      await button(`Activate ${ext}`).click();
      await waitText(channel(ext).locator(".state"), /^ACTIVE$/);
      await button(`Scripts of ${ext}`).click();
      await waitText(channel(ext).locator(".scripts"), "Outbound_Survey");
      await waitText(page.locator("#addressbook"), "Support Desk");
    });

    await t.step("reason labels are shown as text in the reason list and the channel status", async () => {
      const ext = `500${agent.slice(-1)}`;
      const options = await page.getByLabel(`Reason for ${ext}`, { exact: true }).locator("option").allTextContents();
      check(options.some((o) => o.startsWith("Lunch <")), `reason options: ${options.join(" | ")}`);
      check(options.some((o) => MARKUP.some((m) => o.includes(m))), `no markup in the options: ${options.join(" | ")}`);
      await button(`Not ready on ${ext}`).click();
      const status = await waitText(channel(ext).locator(".agent-status"), /Not ready · reason Lunch /);
      check(MARKUP.some((m) => status.includes(m)), `status without the markup as text: ${status}`);
    });

    await t.step("address-book names and script names are shown as text", async () => {
      const book = await text(page.locator("#addressbook"));
      const inBook = MARKUP.filter((m) => book.includes(m));
      check(inBook.length >= 3, `address book shows only ${inBook.length} of the markup strings as text: ${book.slice(0, 400)}`);
      const ext = `500${agent.slice(-1)}`;
      const scripts = await text(channel(ext).locator(".scripts"));
      check(MARKUP.some((m) => scripts.includes(m)), `scripts: ${scripts}`);
    });

    await t.step("logout reasons are shown as text", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      const options = await page.locator("#logout-reason option").allTextContents();
      check(options.some((o) => MARKUP.some((m) => o.includes(m))), `logout reasons: ${options.join(" | ")}`);
      await page.screenshot({ path: join(OUT, `${name}-logout-reasons.png`) });
      await page.locator("#logout-dialog").getByRole("button", { name: "Cancel" }).click();
    });

    await t.step("every markup string appears literally in the page text", async () => {
      const all = await page.evaluate(() => document.body.textContent);
      for (const m of MARKUP) check(all.includes(m), `not shown as text: ${m}`);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    });

    await t.step("nothing was parsed as HTML and nothing ran", async () => {
      const dom = await page.evaluate(() => ({
        injected: [...document.querySelectorAll("img, svg, iframe, object, embed, video, audio, math, base, form:not([method=dialog]):not(#login-form):not(#dial-form):not(.consult)")].map(
          (e) => e.outerHTML.slice(0, 120),
        ),
        scripts: [...document.scripts].map((s) => s.getAttribute("src")),
        handlers: [...document.querySelectorAll("*")].flatMap((e) =>
          [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${e.tagName} ${a.name}`),
        ),
        jsUrls: [...document.querySelectorAll("[href], [src], [action]")]
          .filter((e) => /^\s*javascript:/i.test(e.getAttribute("href") ?? e.getAttribute("src") ?? e.getAttribute("action") ?? ""))
          .map((e) => e.tagName),
        xss: window.__xss,
        csp: window.__cspViolations,
      }));
      check(dom.injected.length === 0, `elements injected from server strings: ${dom.injected.join(" ; ")}`);
      check(dom.scripts.length === 1 && dom.scripts[0] === "app.js", `script elements: ${JSON.stringify(dom.scripts)}`);
      check(dom.handlers.length === 0, `inline event handlers in the DOM: ${dom.handlers.join(", ")}`);
      check(dom.jsUrls.length === 0, `javascript: URLs in the DOM: ${dom.jsUrls.join(", ")}`);
      check(dom.xss === undefined, "window.__xss was set: injected script ran");
      check(dom.csp.length === 0, `CSP violations (something tried to run): ${dom.csp.join("; ")}`);
      check(problems.length === 0, problems.join("\n"));
    });
  } finally {
    t.summary();
    failed ||= t.failed;
    await context.close().catch(() => {});
  }
}

try {
  await scenario("xss-with-csp", {}, "4001");
  await scenario("xss-csp-bypassed", { bypassCSP: true }, "4002");
} finally {
  await browser.close().catch(() => {});
  await sim.stop();
}
console.log(failed ? "xss: FAILED" : "xss: passed (hostile strings shown as text, nothing parsed or run, with and without the CSP)");
process.exit(failed ? 1 : 0);
