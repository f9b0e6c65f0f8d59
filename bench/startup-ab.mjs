// Start-up, A against B: bench/www's startup() in alternated fresh pages, package A on one
// simulator and B on another (the same binary), each page its own agents with no session yet
// (a kept session adds the override prompt's round trip: docs/performance-log.md, "Start-up,
// measured apart").
// Prints each phase's median for A and B and the median of the paired differences (B − A, pair
// i being A's and B's i-th pages); on a shared machine only the paired column says much.
// Measures; asserts nothing.
//   node bench/startup-ab.mjs PKG_A PKG_B [pairs]     (default 15; e.g. main's build against yours)
import { launchChromium } from "../scripts/lib/chromium.mjs";
import { abArgs, alternate, printPaired, simulators } from "./lib/ab.mjs";

const [A, B, N] = abArgs("startup-ab.mjs");
const { bases, stop } = await simulators([A, B], 2 * N);
const browser = await launchChromium();
const runs = [[], []];
// Agents 100001…: the first connect() and the second in the page each take one.
const page = async (k) => {
  const p = await browser.newPage();
  await p.goto(`${bases[k]}/`);
  const n = 100001 + 2 * runs[k].length;
  const args = [bases[k].replace("http", "ws") + "/ws", `${n}`, `${n + 1}`];
  runs[k].push(await p.evaluate(async ([url, a, b]) => (await import("/bench.js")).startup(url, a, b), args));
  await p.close();
};
try {
  await alternate(N, page);
} finally {
  await browser.close();
  stop();
}
printPaired(runs, N, "phase (ms)", 20, 1);
