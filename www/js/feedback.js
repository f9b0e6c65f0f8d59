// User feedback: short notices in a live region, readable error texts for AgentwireError,
// and the pending-command bookkeeping buttons use to show that a command is under way.
import { h } from "./dom.js";

let region = null;
let onPendingChange = () => {};
const pending = new Set();

/** Where notices go, and what to call when a command starts or settles (a re-render). */
export function setupFeedback(el, pendingChanged) {
  region = el;
  onPendingChange = pendingChanged;
}

/**
 * Shows a notice. `tone` is `info`, `ok` or `error`; errors use role="alert" so screen
 * readers announce them at once, the others are announced politely by the region.
 */
export function notify(text, tone = "info") {
  if (!region) return;
  const close = h("button", { type: "button", class: "notice-close", "aria-label": "Dismiss notice" }, "×");
  const p = h("p", { class: `notice notice-${tone}`, role: tone === "error" ? "alert" : null }, h("span", {}, text), close);
  const remove = () => p.remove();
  close.addEventListener("click", remove);
  region.append(p);
  while (region.children.length > 3) region.firstElementChild.remove();
  setTimeout(remove, tone === "error" ? 15000 : 6000);
}

/** Why a session ended, for people. */
export function closeMessage(reason, code, message, url) {
  switch (reason) {
    case "refused":
      return code === "AUTH_FAILED"
        ? "Login refused: the agent id or password is wrong."
        : `The server refused the login (${code}): ${message}`;
    case "connectFailed":
      return `Cannot reach the server${url ? ` at ${url}` : ""}. Check the address and that the server is running.`;
    case "declined":
      return "Login cancelled: the agent's existing session was kept.";
    case "replaced":
      return "This session was taken over: the agent logged in from another desktop.";
    case "loggedOut":
      return "Logged out.";
    case "noProcessor":
      return `No interaction processor is available on this server (${message}).`;
    case "reconnectExhausted":
      return "The connection was lost and could not be restored.";
    default:
      return message ? `The session was closed: ${message}` : "The session was closed.";
  }
}

/** A rejection of an agentwire command, for people. */
export function describeError(e, url) {
  if (e && typeof e === "object" && typeof e.kind === "string") {
    switch (e.kind) {
      case "failure":
        return `the server refused it (${e.code}): ${e.message}`;
      case "timeout":
        return "the server did not answer in time";
      case "disconnected":
        return "the connection dropped before the server answered; check the state and try again";
      case "invalidArgument":
        return e.message;
      case "closed":
        return closeMessage(e.reason, e.code, e.message, url);
      default:
        return `${e.kind} (${e.code}): ${e.message}`;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

/** The keys of every command still waiting for its answer. */
export function pendingKeys() {
  return [...pending];
}

/** Whether a command started under `key` is still waiting for its answer. */
export function isPending(key) {
  return pending.has(key);
}

/**
 * Runs a command once at a time per `key` (a double click does not send it twice),
 * re-rendering when it starts and settles, and reports a failure as a notice.
 * Resolves with the command's result, or `undefined` when it failed or was already running.
 */
export async function act(key, label, fn, { success } = {}) {
  if (pending.has(key)) return undefined;
  pending.add(key);
  onPendingChange();
  try {
    const result = await fn();
    if (success) notify(success, "ok");
    return result;
  } catch (e) {
    notify(`${label} failed: ${describeError(e)}`, "error");
    return undefined;
  } finally {
    pending.delete(key);
    onPendingChange();
  }
}

/** A button wired to `act`: shows as busy (aria-busy, aria-disabled) while its command runs. */
export function actionButton(key, text, label, fn, { disabled = false, cls = "", title = null, ariaLabel = null, success } = {}) {
  const busy = pending.has(key);
  const b = h(
    "button",
    {
      type: "button",
      class: cls || null,
      "data-key": key,
      disabled,
      title,
      "aria-label": ariaLabel,
      "aria-busy": busy ? "true" : null,
      "aria-disabled": busy ? "true" : null,
    },
    text,
  );
  b.addEventListener("click", () => {
    if (b.getAttribute("aria-disabled") === "true") return;
    act(key, label, fn, { success });
  });
  return b;
}
