// End-to-end test of the demo agent desktop (www/) in headless Chromium against the
// simulator: login failures, login, channels, ready / not ready with a reason, an inbound
// call answered from the pop-up, recording, a consult call from the address book and a consult
// transfer, dialling out, the address book, the event log (filter, pause), the reconnecting
// badge, logout with a logout reason, and the override prompt. Asserts the page's text at
// every step and saves screenshots in test-output/e2e/.
//   node tests/e2e/desktop.test.mjs        (needs pkg/ built and the release simulator)
import { join } from "node:path";
import { startSim } from "./sim.mjs";
import { launch, watch, text, waitText, check, runner, closedPort, OUT } from "./helpers.mjs";

const sim = await startSim({ args: ["--quiet"] });
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-US" });
let page = await context.newPage();
// The SDK logs a refused login and a failed socket as warnings; the browser itself reports
// the failed WebSocket of the server-down case as an error.
const problems = await watch(page, { allowConsole: [/WebSocket connection to .* failed/] });
const t = runner("desktop", () => page);
const shot = (name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });

const channel = (name) => page.locator("li.channel", { has: page.getByRole("heading", { name, exact: true }) });
const button = (name) => page.getByRole("button", { name, exact: true });
const badge = page.locator("#badge");

try {
  await t.step("the page loads with the login form and a prefilled server URL", async () => {
    await page.goto(sim.url);
    await page.waitForSelector("html[data-ready]");
    await waitText(page.locator("#login-view"), "Log in");
    const url = await page.inputValue("#login-url");
    check(url === sim.wsUrl, `server URL prefilled with ${url}, expected ${sim.wsUrl}`);
    await waitText(badge, "Not connected");
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    for (const d of ["script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self' ws: wss:", "object-src 'none'", "base-uri 'none'"]) {
      check(csp.includes(d), `CSP lacks ${d}: ${csp}`);
    }
    await shot("01-login");
  });

  await t.step("a wrong password shows a clear message", async () => {
    await page.fill("#login-agent", "4001");
    await page.fill("#login-password", "wrong");
    await page.click("#login-submit");
    await waitText(page.locator("#login-error"), "Login refused: the agent id or password is wrong.");
    check(await page.locator("#desk").isHidden(), "the desk opened after a refused login");
  });

  await t.step("a server that is down shows a clear message", async () => {
    const port = await closedPort();
    await page.fill("#login-url", `ws://127.0.0.1:${port}/ws`);
    await page.fill("#login-password", "pass");
    await page.click("#login-submit");
    await waitText(page.locator("#login-error"), `Cannot reach the server at ws://127.0.0.1:${port}/ws`);
    await page.fill("#login-url", sim.wsUrl);
  });

  await t.step("log in as agent 4001", async () => {
    await page.fill("#login-password", "pass");
    await page.selectOption("#login-dialect", "legacy");
    await page.click("#login-submit");
    await page.waitForSelector("#desk:not([hidden])");
    await waitText(badge, /^Connected$/);
    await waitText(page.locator("#who"), "Agent 4001");
    await waitText(page.locator("#channels"), "Voice and chat");
    await waitText(channel("5001").locator(".state"), /^INACTIVE$/);
    await waitText(channel("chat-4001").locator(".state"), /^INACTIVE$/);
    await waitText(page.locator("#channels"), "Stand-alone channels");
    await waitText(channel("agent4001@example.com"), "Email");
  });

  await t.step("activate the telephony channel", async () => {
    await button("Activate 5001").click();
    await waitText(channel("5001").locator(".state"), /^ACTIVE$/);
    await waitText(channel("5001"), "Status: Not ready");
    check(await button("Deactivate 5001").isVisible(), "no Deactivate button on the active channel");
    await shot("02-channel-active");
  });

  await t.step("go ready", async () => {
    await button("Ready on 5001").click();
    await waitText(channel("5001").locator(".agent-status"), /^Status: Ready( ·|$)/);
  });

  await t.step("go not ready with a reason from the server's list", async () => {
    const options = await channel("5001").locator("select").locator("option").allInnerTexts();
    check(options.join("|") === "Lunch|Break|Training|Meeting", `reason options: ${options.join("|")}`);
    await page.getByLabel("Reason for 5001", { exact: true }).selectOption({ label: "Break" });
    await button("Not ready on 5001").click();
    await waitText(channel("5001").locator(".agent-status"), "Status: Not ready · reason Break (14)");
  });

  await t.step("after call work, then ready again", async () => {
    await button("After call work on 5001").click();
    await waitText(channel("5001").locator(".agent-status"), "Status: After call work");
    await button("Ready on 5001").click();
    await waitText(channel("5001").locator(".agent-status"), /^Status: Ready( ·|$)/);
  });

  await t.step("an inbound call pops up and is answered", async () => {
    const { target } = await sim.control("inbound", { agent: "4001", media: "telephony" });
    const popup = page.locator("#incoming .popup");
    await waitText(popup, /Incoming call from .+ \(\+1512555\d{4}\)/);
    const card = page.locator("article.ix", { hasText: target.split(".").pop() });
    await waitText(card, "ALERTING");
    await waitText(card, "Inbound call");
    await waitText(card, "DNIS 8005550100");
    await shot("03-incoming-call");
    await popup.getByRole("button", { name: /^Answer the call from/ }).click();
    await waitText(card, "STARTED");
    check((await popup.count()) === 0, "the pop-up stayed after answering");
    await waitText(channel("5001").locator(".agent-status"), "Busy (ready)");
  });

  await t.step("recording controls follow the recording state", async () => {
    const card = page.locator("article.ix[data-state=STARTED]");
    await waitText(card.locator(".recording"), "Recording: stopped");
    await button("Start recording").click();
    await waitText(card.locator(".recording"), "Recording: recording");
    await button("Pause recording").click();
    await waitText(card.locator(".recording"), "Recording: paused");
    await button("Resume recording").click();
    await waitText(card.locator(".recording"), "Recording: recording");
    await button("Stop recording").click();
    await waitText(card.locator(".recording"), "Recording: stopped");
  });

  await t.step("the address book shows agents' states and skills' figures", async () => {
    const book = page.locator("#addressbook");
    await waitText(book, "Support Desk (7)");
    await waitText(book, "Escalations (3)");
    await waitText(book, "Supervisors (1)");
    await waitText(book.locator("li.entry", { hasText: "Blair Chen" }), "Blair Chen agent Available");
    await waitText(book.locator("li.entry", { hasText: "Casey Novak" }), "Unavailable");
    await waitText(book.locator("li.entry", { hasText: "Billing" }), "PhoneCall · 3 available · 5 unavailable · EWT 00:02:10");
    await waitText(book.locator("li.entry", { hasText: "Acme Supplier" }), "Main +15125550100");
    await page.click("#ab-refresh");
    await waitText(page.locator("#log"), "session.request.incontact.addressbook");
    await shot("04-call-and-address-book");
  });

  await t.step("an agent's presence change updates the address book", async () => {
    await sim.control("presence", { name: "Casey Novak", state: "Available" });
    await waitText(page.locator("#addressbook li.entry", { hasText: "Casey Novak" }), "Casey Novak agent Available");
  });

  await t.step("a consult call from the address book, then consult transfer", async () => {
    const card = page.locator("article.ix[data-state=STARTED]");
    await page.getByRole("button", { name: "Call Blair Chen, Agent 4002" }).click();
    await waitText(card.locator(".conversations"), /Consult call · STARTED/);
    await waitText(card.locator(".conversations"), "4002 (consult)");
    await waitText(card.locator(".conversations"), /Call · HELD/);
    await button("Consult transfer").click();
    await waitText(page.locator("#interactions"), "ENDED");
    await waitText(channel("5001").locator(".agent-status"), /^Status: Ready( ·|$)/);
    await page.locator("article.ix[data-state=ENDED]").getByRole("button", { name: "Dismiss" }).click();
    await waitText(page.locator("#interactions"), "No interactions.");
  });

  await t.step("another call: a consult call from the dial form, then conference", async () => {
    const { target } = await sim.control("inbound", { agent: "4001", media: "telephony" });
    await page.locator("#incoming").getByRole("button", { name: /^Answer the call from/ }).click();
    const card = page.locator(`article.ix[data-target="${target}"]`);
    await waitText(card.locator(".state").first(), /^STARTED$/);
    await page.fill("#dial-dest", "4005");
    await button("Consult call").click();
    await waitText(card.locator(".conversations"), /Consult call · STARTED/);
    await button("Consult conference").click();
    await waitText(card.locator(".conversations"), /^Call · STARTED focus .*4005 \(consult\)$/);
    check(!(await text(card.locator(".conversations"))).includes("Consult call"), "the consult conversation stayed after the conference");
    await sim.control("hangup", { agent: "4001" });
    await waitText(card, "ENDED");
  });

  await t.step("an inbound chat pops up and is accepted", async () => {
    await button("Activate chat-4001").click();
    await waitText(channel("chat-4001").locator(".state"), /^ACTIVE$/);
    await button("Ready on chat-4001").click();
    await waitText(channel("chat-4001").locator(".agent-status"), /^Status: Ready/);
    await sim.control("inbound", { agent: "4001", media: "chat" });
    const popup = page.locator("#incoming .popup");
    await waitText(popup, /Incoming chat from /);
    await popup.getByRole("button", { name: /^Accept the chat from/ }).click();
    const card = page.locator("article.ix", { hasText: "Inbound chat" });
    await waitText(card, "STARTED");
    await waitText(card, "topic");
    await sim.control("hangup", { agent: "4001" });
    await waitText(card, "ENDED");
  });

  await t.step("dial out", async () => {
    await page.selectOption("#dial-channel", { label: "5001 (ACTIVE)" });
    await page.fill("#dial-dest", "+15125550100");
    await page.getByRole("button", { name: "Dial", exact: true }).click();
    const card = page.locator("article.ix", { hasText: "Outbound call" });
    await waitText(card, "DNIS +15125550100");
    await waitText(card, "STARTED");
    await waitText(card.locator(".conversations"), "+15125550100 (customer)");
    await shot("05-outbound-call");
    await sim.control("hangup", { agent: "4001" });
    await waitText(card, "ENDED");
  });

  await t.step("the event log shows events and command results, filters and pauses", async () => {
    const log = page.locator("#log");
    await waitText(log, "channel.infochanged");
    await waitText(log, /channel\.activate \S+ ok in \d+ ms/);
    await waitText(log, /channel\.notready \S+ ok in \d+ ms/);
    await waitText(log, "interaction.created");
    await waitText(log, "connection ready");
    const time = await log.locator("li time").first().innerText();
    check(/^\d\d:\d\d:\d\d\.\d{3}$/.test(time), `log timestamp ${time}`);
    await page.fill("#log-filter", "conversation.member.added");
    const shown = await log.locator("li").allInnerTexts();
    check(shown.length > 0 && shown.every((l) => l.includes("conversation.member.added")), `filtered log: ${shown.slice(0, 3).join(" / ")}`);
    await page.fill("#log-filter", "");
    await page.selectOption("#log-category", "command");
    const commands = await log.locator("li .log-cat").allInnerTexts();
    check(commands.length > 0 && commands.every((c) => c === "command"), `category filter: ${commands.join(",")}`);
    await page.selectOption("#log-category", "all");
    await button("Pause").click();
    await button("Ready on 5001").click();
    await waitText(page.locator("#log-status"), /Paused: [1-9]\d* new entr/);
    const before = await log.locator("li").count();
    await button("Resume").click();
    await waitText(page.locator("#log-status"), /\d+ of \d+ entries shown/);
    check((await log.locator("li").count()) >= before, "resume lost entries");
  });

  await t.step("the badge shows reconnecting with a countdown, then recovers", async () => {
    await sim.control("restart", { downMs: 3000 });
    await waitText(badge, /Reconnecting \(attempt \d+\)/, { timeout: 5000 });
    await waitText(badge, /retrying in \d+\.\d s|retrying now/, { timeout: 5000 });
    await shot("06-reconnecting");
    await waitText(badge, /^Connected$/, { timeout: 20000 });
    await waitText(page.locator("#log"), "resynced");
    await waitText(channel("5001").locator(".state"), /^ACTIVE$/);
  });

  await t.step("log out with a logout reason", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    const dialog = page.locator("#logout-dialog");
    await waitText(dialog, "Pick a logout reason");
    const reasons = await dialog.locator("option").allInnerTexts();
    check(reasons.join("|") === "End of shift|Technical problem|Personal", `logout reasons: ${reasons.join("|")}`);
    await dialog.getByLabel("Logout reason").selectOption({ label: "End of shift" });
    await shot("07-logout-dialog");
    await dialog.getByRole("button", { name: "Log out" }).click();
    await page.waitForSelector("#login-view:not([hidden])");
    await waitText(badge, "Disconnected");
    await waitText(page.locator("#notices"), "Logged out.");
    await waitText(page.locator("#log"), /channel\.deactivate \S+ ok/);
    await waitText(page.locator("#log"), /session\.request\.logout \S+ ok/);
    await waitText(page.locator("#log"), "connection closed");
    await shot("08-logged-out");
  });

  await t.step("a second login of the same agent asks before replacing the session", async () => {
    await page.fill("#login-agent", "4003");
    await page.fill("#login-password", "pass");
    await page.click("#login-submit");
    await waitText(badge, /^Connected$/);
    const other = await context.newPage();
    const otherProblems = await watch(other);
    await other.goto(sim.url);
    await other.waitForSelector("html[data-ready]");
    await other.fill("#login-agent", "4003");
    await other.fill("#login-password", "pass");
    await other.click("#login-submit");
    const dialog = other.locator("#confirm-dialog");
    await waitText(dialog, "Agent 4003 already has an active session. Replace it?");
    await other.screenshot({ path: join(OUT, "09-override-prompt.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await waitText(other.locator("#login-error"), "Login cancelled: the agent's existing session was kept.");
    await other.click("#login-submit");
    await waitText(dialog, "Replace it?");
    await dialog.getByRole("button", { name: "Replace the other session" }).click();
    await waitText(other.locator("#badge"), /^Connected$/);
    await waitText(page.locator("#login-error"), "This session was taken over: the agent logged in from another desktop.");
    check(otherProblems.length === 0, otherProblems.join("\n"));
    await other.close();
  });

  await t.step("usable at phone width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.fill("#login-agent", "4004");
    await page.fill("#login-password", "pass");
    await page.click("#login-submit");
    await waitText(badge, /^Connected$/);
    await button("Activate all channels of Voice and chat").click();
    await waitText(channel("5004").locator(".state"), /^ACTIVE$/);
    await waitText(channel("chat-4004").locator(".state"), /^ACTIVE$/);
    await waitText(channel("agent4004@example.com").locator(".state"), /^INACTIVE$/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    await shot("10-phone");
  });

  await t.step("deactivate all, then activate the telephony channel again", async () => {
    await button("Deactivate all channels of Voice and chat").click();
    await waitText(channel("5004").locator(".state"), /^INACTIVE$/);
    await waitText(channel("chat-4004").locator(".state"), /^INACTIVE$/);
    await button("Activate 5004").click();
    await waitText(channel("5004").locator(".state"), /^ACTIVE$/);
  });

  await t.step("keyboard only: tab to a channel button and press it", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await button("Ready on 5004").focus();
    await page.keyboard.press("Enter");
    await waitText(channel("5004").locator(".agent-status"), /^Status: Ready( ·|$)/);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    check(focused === "Ready on 5004", `focus moved to ${focused} after the re-render`);
  });

  await t.step("no page errors, console errors, CSP violations or dialogs", async () => {
    const csp = await page.evaluate(() => window.__cspViolations);
    check(csp.length === 0, `CSP violations: ${csp.join("; ")}`);
    check(problems.length === 0, problems.join("\n"));
  });
} finally {
  t.summary();
  await browser.close().catch(() => {});
  await sim.stop();
  if (t.failed) console.log(sim.stderr.slice(-30).join("\n"));
}
process.exit(t.failed ? 1 : 0);
