// The agentwire demo agent desktop: plain ES modules on top of the npm package's public API.
// The package is imported from /pkg/ (absolute) because the simulator serves this folder at
// `/` and the package at `/pkg/`.
import init, { AgentSession } from "/pkg/agentwire.js";
import { h } from "./js/dom.js";
import { setupFeedback, notify, describeError, closeMessage, act } from "./js/feedback.js";
import { createBadge } from "./js/badge.js";
import { createLog } from "./js/log.js";
import { createChannels } from "./js/channels.js";
import { createInteractions, isOngoing } from "./js/interactions.js";
import { createAddressBook } from "./js/addressbook.js";

const $ = (id) => document.getElementById(id);

const badge = createBadge($("badge"), $("badge-text"), $("badge-countdown"));
const log = createLog({
  list: $("log"),
  filter: $("log-filter"),
  category: $("log-category"),
  pause: $("log-pause"),
  clear: $("log-clear"),
  status: $("log-status"),
});
const channels = createChannels($("channels"));
const interactions = createInteractions({
  list: $("interactions"),
  incoming: $("incoming"),
  dialForm: $("dial-form"),
  dialChannel: $("dial-channel"),
  dialDest: $("dial-dest"),
  consultButton: $("dial-consult"),
});
const addressBook = createAddressBook($("addressbook"), (dest, who) => interactions.callTo(dest, who));

/** The live session (null when logged out) and what it was opened with. */
let session = null;
let current = { url: "", agent: "", dialect: "legacy" };
let unsubscribe = null;
let frame = 0;

/** Re-renders on the next animation frame, at most once per frame. */
function scheduleRender() {
  if (frame) return;
  frame = requestAnimationFrame(render);
}

function render() {
  frame = 0;
  if (!session) return;
  channels.update(session);
  interactions.update();
  addressBook.update(session);
  $("who-session").textContent = session.id ?? "";
  showTabs();
}

/** With `tabs: "share"`: how many tabs share the session (the SDK's count; it changes without an event). */
function showTabs() {
  const t = session?.tabs;
  const how = t && t.via === "worker" ? " through a SharedWorker" : t && t.role === "leader" ? " (this one holds the connection)" : "";
  $("who-tabs").textContent = t && t.mode === "share" ? ` · shared by ${t.count} tab${t.count === 1 ? "" : "s"}${how}` : "";
}
setInterval(showTabs, 1000);

setupFeedback($("notices"), scheduleRender);

// ---- login ----------------------------------------------------------------------------

function defaultUrl() {
  if (!location.host) return "ws://127.0.0.1:8787/ws";
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}

$("login-url").value = defaultUrl();
$("login-agent").value = "4001";

function showDesk(on) {
  $("login-view").hidden = on;
  $("desk").hidden = !on;
  $("who").hidden = !on;
  $("logout-open").hidden = !on;
}

function loginError(text) {
  $("login-error").textContent = text;
}

/** Wires every SDK event to the log and the page. */
function listen(s) {
  for (const name of AgentSession.eventNames()) {
    s.addEventListener(name, (e) => log.event(name, e.detail));
  }
  s.addEventListener("commandcomplete", (e) => log.command(e.detail));
  s.addEventListener("protocolerror", (e) => log.protocolError(e.detail));
  s.addEventListener("resynced", (e) => {
    log.note("resynced", `model reconciled after reconnecting; ${e.detail.removed} stale object(s) removed`);
    notify("Reconnected: the session state was refreshed.", "ok");
  });
  s.addEventListener("connectionchange", (e) => {
    const d = e.detail;
    log.connection(d);
    if (s !== session) return;
    badge.update(d);
    if (d.state === "closed" && s === session && !$("desk").hidden) ended(d.reason);
  });
  s.addEventListener("confirm", (e) => {
    log.note("confirm", e.detail.message);
    askOverride(e.detail);
  });
}

/** The override prompt: the agent already has a session elsewhere. */
function askOverride(detail) {
  const dialog = $("confirm-dialog");
  $("confirm-message").textContent = detail.message;
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      const accept = dialog.returnValue === "accept";
      log.note("confirm", accept ? "replacing the other session" : "keeping the other session");
      if (accept) detail.accept();
      else detail.decline();
    },
    { once: true },
  );
  dialog.showModal();
}

/** The session ended after login (logged out, replaced, connection gone for good). */
function ended(reason) {
  const text = closeMessage(reason?.kind, reason?.code, reason?.message, current.url);
  teardown();
  loginError(reason?.kind === "loggedOut" ? "" : text);
  notify(text, reason?.kind === "loggedOut" ? "ok" : "error");
  $("login-password").focus();
}

function teardown() {
  unsubscribe?.();
  unsubscribe = null;
  const s = session;
  session = null;
  s?.close();
  showDesk(false);
  channels.reset();
  interactions.reset();
  addressBook.reset();
}

async function login(e) {
  e.preventDefault();
  if (session) return;
  loginError("");
  const url = $("login-url").value.trim();
  const agent = $("login-agent").value.trim();
  const password = $("login-password").value;
  const dialect = $("login-dialect").value;
  const tabs = $("login-tabs").checked ? "share" : "own";
  if (!url || !agent) {
    loginError(!url ? "Enter the server URL." : "Enter the agent id.");
    (!url ? $("login-url") : $("login-agent")).focus();
    return;
  }
  let s;
  try {
    s = new AgentSession({ url, agent: { id: agent, password }, dialect, onExistingSession: "prompt", logLevel: "warn", tabs });
  } catch (err) {
    loginError(`Cannot log in: ${describeError(err)}`);
    return;
  }
  current = { url, agent, dialect };
  session = s;
  listen(s);
  // Whether the socket ever opened: a failure after that is a lost connection, not an
  // unreachable server.
  let opened = false;
  const seeOpen = (e) => {
    if (e.detail.state === "open") opened = true;
  };
  s.addEventListener("connectionchange", seeOpen);
  const submit = $("login-submit");
  submit.disabled = true;
  submit.textContent = "Logging in…";
  try {
    await s.connect();
  } catch (err) {
    if (session === s) {
      session = null;
      s.close();
    }
    badge.update({ state: "closed", attempt: 0, retryInMs: null });
    if (err?.kind === "closed" && err.reason === "connectFailed" && opened) {
      loginError(`The connection to the server was lost while logging in (${err.message}). Try again.`);
    } else {
      loginError(err?.kind === "closed" ? closeMessage(err.reason, err.code, err.message, url) : `Cannot log in: ${describeError(err, url)}`);
    }
    return;
  } finally {
    s.removeEventListener("connectionchange", seeOpen);
    submit.disabled = false;
    submit.textContent = "Log in";
  }
  $("login-password").value = "";
  $("who-agent").textContent = agent;
  interactions.attach(s);
  showDesk(true);
  unsubscribe = s.subscribe(() => scheduleRender());
  scheduleRender();
  $("main").focus({ preventScroll: true });
  notify(`Logged in as agent ${agent}.`, "ok");
  if (s.notReadyReasons().length === 0) act("reasons", "Loading not-ready reasons", () => s.requestNotReadyReasons());
  if (s.logoutReasons().length === 0) act("logout-reasons", "Loading logout reasons", () => s.requestLogoutReasons());
  loadAddressBook();
}

$("login-form").addEventListener("submit", login);

// ---- address book ---------------------------------------------------------------------

function loadAddressBook() {
  const s = session;
  if (!s) return;
  const realtime = $("ab-realtime").checked;
  act("addressbook", "Loading the address book", () => s.addressBook({ realtime }));
}
$("ab-refresh").addEventListener("click", loadAddressBook);

// ---- logout ---------------------------------------------------------------------------

$("logout-open").addEventListener("click", () => {
  if (!session) return;
  const reasons = session.logoutReasons({ locale: navigator.language });
  const select = $("logout-reason");
  select.replaceChildren(...reasons.map((r) => h("option", { value: r.code, title: r.description ?? null }, r.label)));
  $("logout-reason-label").hidden = reasons.length === 0;
  $("logout-note").textContent = reasons.length
    ? "Pick a logout reason: your active channels are deactivated with it, then the session ends."
    : "Your session ends.";
  $("logout-dialog").returnValue = "";
  $("logout-dialog").showModal();
});

$("logout-dialog").addEventListener("close", () => {
  if ($("logout-dialog").returnValue !== "logout" || !session) return;
  const s = session;
  const reason = $("logout-reason-label").hidden ? undefined : $("logout-reason").value || undefined;
  act("logout", "Log out", async () => {
    if (s.interactions().some(isOngoing)) {
      throw new Error("finish your interactions first (the server refuses to log out during one)");
    }
    // PROTOCOL.md 2.7: the logout reason travels with the deactivation of each channel
    // (`channel.deactivate` `reason`); `session.request.logout` itself carries no data.
    if (reason) {
      for (const ch of s.channels().filter((c) => c.state === "ACTIVE")) {
        await s.deactivate(ch.target, { reason });
      }
    }
    await s.logout();
  });
});

// ---- start ----------------------------------------------------------------------------

window.addEventListener("pagehide", () => session?.close());

try {
  await init();
  $("login-submit").disabled = false;
  document.documentElement.dataset.ready = "true";
} catch (err) {
  loginError(`The agentwire package could not be loaded: ${describeError(err)}`);
}
