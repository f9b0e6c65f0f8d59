// A minimal W3C WebDriver client, enough to run the benchmark page in Firefox ESR through
// geckodriver (which scripts/setup.sh installs; playwright's Firefox needs its own patched
// build, which cannot be downloaded here). Start a driver, open a session, navigate, run an
// async script, tabs (open, switch, close), quit.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";

const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.listen(0, "127.0.0.1", () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  srv.on("error", reject);
});

/** The geckodriver binary on PATH (or ~/.cargo/bin), or null. */
export function findGeckodriver() {
  for (const bin of ["geckodriver", `${process.env.HOME}/.cargo/bin/geckodriver`]) {
    try {
      execFileSync(bin, ["--version"], { stdio: "ignore" });
      return bin;
    } catch { /* try the next */ }
  }
  return null;
}

/** Starts geckodriver and a headless Firefox session. */
//   prefs: Firefox preferences for the profile; systemAccess: allow scripts in the browser's
//   own (chrome) context, for tests that must flip what a page cannot (Services.io.offline).
export async function launchFirefox({ binary = process.env.FIREFOX || "/usr/bin/firefox-esr", driver = findGeckodriver(), prefs = {}, systemAccess = false } = {}) {
  if (!driver) throw new Error("geckodriver not found (scripts/setup.sh installs it)");
  const port = await freePort();
  const flags = systemAccess ? ["--allow-system-access"] : [];
  const proc = spawn(driver, ["--host", "127.0.0.1", "--port", String(port), ...flags], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const v = await r.json();
    if (v.value && v.value.error) throw new Error(`webdriver ${path}: ${v.value.error}: ${v.value.message}`);
    return v.value;
  };
  for (let i = 0; ; i++) {
    try { await call("GET", "/status"); break; } catch (e) {
      if (i > 100) { proc.kill(); throw e; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const caps = { browserName: "firefox", "moz:firefoxOptions": { binary, args: ["-headless"], prefs } };
  const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: caps } });
  const s = `/session/${sessionId}`;
  await call("POST", `${s}/timeouts`, { script: 30 * 60 * 1000, pageLoad: 60 * 1000 });
  return {
    goto: (url) => call("POST", `${s}/url`, { url }),
    /** Runs `fn(arg)` (an async function, as source) in the page and returns its result. */
    run: async (fnSource, arg) => {
      const script = `const done = arguments[arguments.length - 1];
        (${fnSource})(arguments[0]).then((v) => done({ ok: v }), (e) => done({ err: e && e.stack ? e.name + ": " + e.message + (e.kind ? " (" + e.kind + ")" : "") + "\\n" + e.stack : String(e) }));`;
      const v = await call("POST", `${s}/execute/async`, { script, args: [arg] });
      if (v.err) throw new Error(`page: ${v.err}`);
      return v.ok;
    },
    /** Opens a new tab and returns its window handle (the current window stays current). */
    newTab: async () => (await call("POST", `${s}/window/new`, { type: "tab" })).handle,
    /** Makes the window `handle` the one scripts and navigation go to. */
    switchTo: (handle) => call("POST", `${s}/window`, { handle }),
    /** The current window's handle. */
    handle: () => call("GET", `${s}/window`),
    /** Closes the current window (then switch to another before driving one). */
    closeWindow: () => call("DELETE", `${s}/window`),
    /** History back in the current window (resolves once the navigation is done). */
    back: () => call("POST", `${s}/back`, {}),
    /** Runs `source` (a function body) in the browser's chrome context (needs `systemAccess`). */
    runChrome: async (source) => {
      await call("POST", `${s}/moz/context`, { context: "chrome" });
      try {
        return await call("POST", `${s}/execute/sync`, { script: source, args: [] });
      } finally {
        await call("POST", `${s}/moz/context`, { context: "content" });
      }
    },
    /** geckodriver's process id (Firefox's processes are its descendants). */
    driverPid: proc.pid,
    version: async () => (await call("GET", "/status")).message,
    close: async () => {
      try { await call("DELETE", s); } finally { proc.kill(); }
    },
  };
}
