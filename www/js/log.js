// The live event log: every protocol event, every command's completion, protocol errors and
// connection changes, with timestamps. Filterable by text and category, pausable (entries
// that arrive while paused are kept and shown on resume), capped in size.
import { h, clock, clip, asText } from "./dom.js";

const MAX_KEPT = 2000;
const MAX_SHOWN = 500;

/** Log categories, as shown in the filter. */
export const CATEGORIES = { event: "Events", command: "Commands", error: "Errors", connection: "Connection" };

export function createLog({ list, filter, category, pause, clear, status }) {
  const entries = [];
  let paused = false;
  let unseen = 0;
  let seq = 0;

  function matches(e) {
    const cat = category.value;
    if (cat !== "all" && e.cat !== cat && !(cat === "error" && e.failed)) return false;
    const q = filter.value.trim().toLowerCase();
    return !q || e.search.includes(q);
  }

  function row(e) {
    return h(
      "li",
      { class: `log-${e.cat}${e.failed ? " log-failed" : ""}`, "data-seq": e.seq },
      h("time", { datetime: e.time.toISOString() }, clock(e.time)),
      " ",
      h("span", { class: "log-cat" }, e.cat),
      " ",
      h("span", { class: "log-name" }, e.name),
      e.target ? [" ", h("span", { class: "log-target" }, e.target)] : null,
      e.text ? [" ", h("span", { class: "log-text" }, e.text)] : null,
    );
  }

  function showStatus() {
    const shown = list.children.length;
    status.textContent = paused
      ? `Paused: ${unseen} new ${unseen === 1 ? "entry" : "entries"} waiting.`
      : `${shown} of ${entries.length} entries shown.`;
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  function redraw() {
    const shown = entries.filter(matches).slice(-MAX_SHOWN);
    list.replaceChildren(...shown.map(row));
    list.scrollTop = list.scrollHeight;
    showStatus();
  }

  function add(cat, name, target, text, failed = false) {
    const e = { seq: ++seq, time: new Date(), cat, name, target: target ?? "", text: clip(text ?? "", 400), failed };
    e.search = `${cat} ${name} ${e.target} ${e.text}`.toLowerCase();
    entries.push(e);
    if (entries.length > MAX_KEPT) entries.splice(0, entries.length - MAX_KEPT);
    if (paused) {
      unseen += 1;
      showStatus();
      return;
    }
    if (!matches(e)) {
      showStatus();
      return;
    }
    const stick = nearBottom();
    list.append(row(e));
    while (list.children.length > MAX_SHOWN) list.firstElementChild.remove();
    if (stick) list.scrollTop = list.scrollHeight;
    showStatus();
  }

  filter.addEventListener("input", redraw);
  category.addEventListener("change", redraw);
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    pause.textContent = paused ? "Resume" : "Pause";
    unseen = 0;
    if (!paused) redraw();
    else showStatus();
  });
  clear.addEventListener("click", () => {
    entries.length = 0;
    unseen = 0;
    redraw();
  });
  showStatus();

  return {
    /** A protocol event (`detail` of the event named `name`). */
    event(name, detail) {
      add("event", name, detail?.target, asText(detail?.data));
    },
    /** A `commandcomplete` detail. */
    command(d) {
      const took = `${Math.round(d.elapsedMs)} ms`;
      const text = d.ok ? `ok in ${took}` : `${d.error?.kind ?? "failed"} ${d.error?.code ?? ""}: ${d.error?.message ?? ""} (${took})`;
      add("command", d.command, d.target, text, !d.ok);
    },
    /** A `protocolerror` detail. */
    protocolError(d) {
      add("error", `protocol error: ${d.kind}`, "", `${d.message}${d.frame ? ` — frame: ${d.frame}` : ""}`, true);
    },
    /** A `connectionchange` detail. */
    connection(d) {
      const parts = [];
      if (d.attempt) parts.push(`attempt ${d.attempt}`);
      if (typeof d.retryInMs === "number") parts.push(`retry in ${d.retryInMs} ms`);
      if (d.reason) parts.push(`${d.reason.kind} (${d.reason.code}): ${d.reason.message}`);
      add("connection", `connection ${d.state}`, "", parts.join(", "), d.state === "closed" && d.reason?.kind !== "loggedOut");
    },
    /** Anything else worth a line (`confirm`, `resynced`, page actions). */
    note(name, text, failed = false) {
      add("connection", name, "", text, failed);
    },
  };
}
