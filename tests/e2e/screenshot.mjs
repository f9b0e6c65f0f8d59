// Takes the README screenshot (docs/screenshot.png) of the desktop at laptop width: an agent
// with a connected call being recorded, an incoming chat, the address book and the log.
//   node tests/e2e/screenshot.mjs [path]
import { join } from "node:path";
import { startSim, ROOT } from "./sim.mjs";
import { launch, waitText } from "./helpers.mjs";

const out = process.argv[2] ?? join(ROOT, "docs", "screenshot.png");
const sim = await startSim({ args: ["--quiet"] });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-US" });
  const button = (name) => page.getByRole("button", { name, exact: true });
  await page.goto(sim.url);
  await page.waitForSelector("html[data-ready]");
  await page.fill("#login-password", "pass");
  await page.click("#login-submit");
  await waitText(page.locator("#badge"), /^Connected$/);
  await button("Activate all channels of Voice and chat").click();
  await button("Ready on 5001").click();
  await button("Ready on chat-4001").click();
  await waitText(page.locator("#channels"), "Ready");
  await sim.control("inbound", { agent: "4001", media: "telephony" });
  await page.locator("#incoming").getByRole("button", { name: /^Answer the call from/ }).click();
  await button("Start recording").click();
  await waitText(page.locator("#interactions"), "Recording: recording");
  await sim.control("inbound", { agent: "4001", media: "chat" });
  await waitText(page.locator("#incoming"), "Incoming chat");
  await page.waitForTimeout(300);
  // Notices fade on their own; the screenshot is of the desk, not of them.
  await page.evaluate(() => document.getElementById("notices").replaceChildren());
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  await sim.stop();
}
