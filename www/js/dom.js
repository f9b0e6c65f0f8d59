// DOM helpers. Every string reaches the page through textContent or an attribute value,
// never through innerHTML: server-provided text (reason labels, names, interaction data) is
// shown as text even when it looks like markup.

/**
 * Creates an element: `h("button", { class: "x", onclick: fn, "aria-label": "…" }, "text", child)`.
 * Attribute values are set with setAttribute (never parsed as HTML); `on*` keys add listeners;
 * `hidden`, `disabled`, `checked`, `open`, `value` and `selected` are set as properties;
 * `null`/`undefined`/`false` values and children are skipped; strings become text nodes.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else if (k === "hidden" || k === "disabled" || k === "checked" || k === "open" || k === "value" || k === "selected") {
      el[k] = v;
    } else if (k === "dataset") {
      Object.assign(el.dataset, v);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else el.append(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** `HH:MM:SS.mmm` in local time. */
export function clock(d = new Date()) {
  const p = (n, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A value from interaction data or event data as one line of text. */
export function asText(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Cuts a string to `max` characters with an ellipsis. */
export function clip(s, max = 300) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Rebuilds a region from scratch while keeping the keyboard user where they were: elements
 * carrying `data-key` get their focus and form values carried over to the element with the
 * same key in the new content. Keys are compared through a Map, never put into a CSS
 * selector (they contain server strings). `build` returns a DocumentFragment.
 */
export function rebuild(root, build) {
  const old = new Map();
  for (const el of root.querySelectorAll("[data-key]")) old.set(el.dataset.key, el);
  const active = document.activeElement;
  const focusKey = active && root.contains(active) ? active.dataset.key : undefined;
  const fragment = build();
  const fresh = new Map();
  for (const el of fragment.querySelectorAll("[data-key]")) fresh.set(el.dataset.key, el);
  for (const [key, el] of fresh) {
    const prev = old.get(key);
    if (!prev) continue;
    if ((el instanceof HTMLInputElement && el.type !== "checkbox") || el instanceof HTMLTextAreaElement) {
      el.value = prev.value;
    } else if (el instanceof HTMLSelectElement && [...el.options].some((o) => o.value === prev.value)) {
      el.value = prev.value;
    } else if (el instanceof HTMLDetailsElement) {
      el.open = prev.open;
    }
  }
  root.replaceChildren(fragment);
  if (focusKey !== undefined) {
    const target = fresh.get(focusKey);
    if (target && !target.disabled) target.focus({ preventScroll: true });
    else root.querySelector("[data-focus-fallback]")?.focus({ preventScroll: true });
  }
}
