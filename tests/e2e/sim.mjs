// Starts the simulator for a test and talks to its control API.
//   const sim = await startSim({ args: ["--hostile-strings"] });
//   sim.url (http://127.0.0.1:PORT/), sim.wsUrl (ws://…/ws), await sim.control("inbound", {agent: "4001"}), await sim.stop()
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests/e2e/../..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The simulator binary: $AGENTWIRE_SIM, else the release build. */
export function simBinary() {
  const bin = process.env.AGENTWIRE_SIM || join(ROOT, "target", "release", "agentwire-sim");
  if (!existsSync(bin)) {
    throw new Error(`simulator not built: ${bin} (run: cargo build -q -p agentwire-sim --release)`);
  }
  return bin;
}

/**
 * Starts `agentwire-sim --port 0` serving www/ and pkg/ with a control token made here, and
 * resolves once its first stdout line names the URL. Its stderr is kept (last 200 lines) for
 * failure reports.
 */
export function startSim({ args = [], timeoutMs = 15000 } = {}) {
  const token = randomBytes(16).toString("hex");
  const simArgs = ["--port", "0", "--www", join(ROOT, "www"), "--pkg", join(ROOT, "pkg"), "--control-token", token, ...args];
  const child = spawn(simBinary(), simArgs, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never outlive the test, even when it dies before calling stop().
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  child.once("exit", () => process.removeListener("exit", reap));
  const stderr = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr.push(...chunk.split("\n").filter(Boolean));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`simulator did not print its URL within ${timeoutMs} ms\n${stderr.join("\n")}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (${code ?? signal}) before printing its URL\n${stderr.join("\n")}`));
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      const m = /listening on (http:\/\/\S+) \(protocol (ws:\/\/\S+)\)/.exec(out.slice(0, nl));
      clearTimeout(timer);
      if (!m) {
        child.kill("SIGTERM");
        reject(new Error(`unexpected first line from the simulator: ${out.slice(0, nl)}`));
        return;
      }
      child.removeAllListeners("exit");
      const base = m[1].replace(/\/?$/, "/");
      resolve({
        url: base,
        wsUrl: m[2],
        token,
        process: child,
        stderr,
        /** POSTs /control/<action> with a JSON body and the token; resolves with the answer, throws when `ok` is false. */
        async control(action, body = {}) {
          const res = await fetch(new URL(`control/${action}`, base), {
            method: "POST",
            headers: { "content-type": "application/json", "x-agentwire-control": token },
            body: JSON.stringify(body),
          });
          const answer = await res.json();
          if (!answer.ok) throw new Error(`control/${action}: ${answer.error}`);
          return answer;
        },
        /** Stops the simulator (SIGTERM, then SIGKILL after 3 s). */
        stop() {
          if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
          return new Promise((done) => {
            const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
            child.once("exit", () => {
              clearTimeout(kill);
              done();
            });
            child.kill("SIGTERM");
          });
        },
      });
    });
  });
}
