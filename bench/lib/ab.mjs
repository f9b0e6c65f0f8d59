// The A/B harness of bench/startup-ab.mjs and bench/startup-cpu.mjs: package A and package B
// each on a simulator of its own (the same binary, serving bench/www), fresh pages alternated
// A, B then B, A, and a table of each key's median for A and B with the median of the paired
// differences (B − A, pair i being A's and B's i-th pages): on a shared machine only the
// paired column says much. Measures; asserts nothing.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `[A, B, N]` from the command line, or exits with `usage`. */
export function abArgs(script) {
  const [A, B, pairs = "15"] = process.argv.slice(2);
  const N = Number(pairs);
  if (!A || !B || !(N > 0)) {
    console.error(`usage: node bench/${script} PKG_A PKG_B [pairs]`);
    process.exit(2);
  }
  return [A, B, N];
}

/**
 * Starts one simulator per package, each with `agents` generated agents; resolves to
 * `{ bases, stop }` (the two http://127.0.0.1:port bases, and a function that kills both).
 */
export async function simulators(pkgs, agents) {
  const bin = join(ROOT, "target", "release", "agentwire-sim");
  if (!existsSync(bin)) throw new Error(`simulator not built: ${bin} (cargo build --release -p agentwire-sim)`);
  const sims = [];
  const start = (pkg) =>
    new Promise((ok, fail) => {
      const args = ["--port", "0", "-q", "--www", join(ROOT, "bench", "www"), "--pkg", resolve(pkg), "--generate-agents", String(agents)];
      const sim = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
      sims.push(sim);
      let out = "";
      sim.stdout.on("data", (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) ok(m[1]);
      });
      sim.on("exit", (c) => fail(new Error(`simulator exited ${c}`)));
    });
  const bases = [];
  for (const pkg of pkgs) bases.push(await start(pkg));
  return { bases, stop: () => sims.forEach((s) => s.kill()) };
}

/** Runs `page(k)` for A (k = 0) and B (k = 1), `n` pairs, alternating which goes first. */
export async function alternate(n, page) {
  for (let i = 0; i < n; i++) for (const k of i % 2 ? [1, 0] : [0, 1]) await page(k);
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** Prints the table of `runs` ([A's results, B's results], objects of numbers). */
export function printPaired(runs, n, label, keyWidth, digits) {
  const w = digits + 7;
  const f = (x) => x.toFixed(digits).padStart(w);
  console.log(`${label.padEnd(keyWidth)}${"A".padStart(w)}${"B".padStart(w)}${"paired".padStart(w)}   ${n} pairs`);
  for (const key of Object.keys(runs[0][0])) {
    const [a, b] = runs.map((r) => median(r.map((x) => x[key])));
    const d = median(runs[0].map((x, i) => runs[1][i][key] - x[key]));
    console.log(`${key.padEnd(keyWidth)}${f(a)}${f(b)}${f(d)}`);
  }
}
