// The connection badge: follows `connectionchange`, with a countdown to the next reconnect
// attempt and why the session is reconnecting. The badge is a polite live region; the countdown itself is not announced every
// second (aria-live="off"), only the state changes are.

const LABELS = {
  idle: "Not connected",
  connecting: "Connecting…",
  open: "Connected, logging in…",
  initializing: "Loading the session…",
  ready: "Connected",
  reconnecting: "Connection lost",
  closed: "Disconnected",
};

export function createBadge(root, text, countdown) {
  let timer = null;
  let deadline = 0;
  let lastAttempt = 0;

  function stopCountdown() {
    if (timer) clearInterval(timer);
    timer = null;
    countdown.textContent = "";
  }

  function tick() {
    const left = Math.max(0, deadline - Date.now());
    countdown.textContent = left > 0 ? `retrying in ${(left / 1000).toFixed(1)} s` : "retrying now";
    if (left <= 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    /** Applies a `connectionchange` detail. */
    update({ state, attempt, retryInMs, cause }) {
      root.dataset.state = state;
      // Why the session is reconnecting (`cause`: OFFLINE, PROBE_FAILED after a wake-up,
      // SUSPENDED, CONNECTION_LOST), in full on hover.
      root.title = cause?.message ?? "";
      stopCountdown();
      if (state === "reconnecting") {
        lastAttempt = attempt;
        text.textContent = cause?.code === "OFFLINE" ? "Offline: waiting for the network" : `Reconnecting (attempt ${attempt})`;
        if (typeof retryInMs === "number") {
          deadline = Date.now() + retryInMs;
          tick();
          timer = setInterval(tick, 100);
        }
        return;
      }
      if ((state === "connecting" || state === "open" || state === "initializing") && lastAttempt > 0) {
        text.textContent = `${LABELS[state]} (attempt ${lastAttempt})`;
        return;
      }
      if (state === "ready" || state === "closed" || state === "idle") lastAttempt = 0;
      text.textContent = LABELS[state] ?? state;
    },
    reset() {
      stopCountdown();
      lastAttempt = 0;
      root.dataset.state = "idle";
      text.textContent = LABELS.idle;
    },
  };
}
