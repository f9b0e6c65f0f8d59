// Channels, grouped by channel group: type, state, agent status with its last reason, and
// the commands that apply (activate / deactivate, ready, not ready with a reason from the
// server's list, after-call work; activate all / deactivate all per group).
//
// Channel events are the busiest part of the protocol, so this panel updates its elements in
// place (keyed by target) instead of rebuilding: a reason list that is open, a focused
// button or a click in progress survive any number of events.
import { h } from "./dom.js";
import { act, isPending } from "./feedback.js";

const STATUS = {
  ready: "Ready",
  not_ready: "Not ready",
  after_call_work: "After call work",
  busy: "Busy",
  busy_ready: "Busy (ready)",
  busy_not_ready: "Busy (not ready)",
  busy_after_call_work: "Busy (after call work)",
};

/** An agent status for people (`not_ready` → "Not ready"); unknown values as they came. */
export function statusText(status) {
  return status ? (STATUS[status] ?? status) : "Unknown";
}

/** A channel's display name: its name, else its id. */
export function channelName(ch) {
  return ch.name || ch.id;
}

/** "TELEPHONY" → "Telephony". */
export function typeText(type) {
  return type ? type.charAt(0) + type.slice(1).toLowerCase() : "Channel";
}

/** Sets a property or attribute only when it changes (no needless DOM writes). */
function set(el, key, value) {
  if (key === "text") {
    if (el.textContent !== value) el.textContent = value;
  } else if (key === "disabled" || key === "hidden") {
    if (el[key] !== value) el[key] = value;
  } else if (value === null) {
    if (el.hasAttribute(key)) el.removeAttribute(key);
  } else if (el.getAttribute(key) !== value) {
    el.setAttribute(key, value);
  }
}

/**
 * A command button: `run()` is called on click unless its command is still pending.
 * `refresh()` shows the pending state (aria-busy / aria-disabled) without disabling it, so
 * keyboard focus stays on it while the command runs.
 */
function commandButton(key, run) {
  const b = h("button", { type: "button" });
  b.addEventListener("click", () => {
    if (!isPending(key)) run();
  });
  b.refresh = () => {
    const busy = isPending(key) ? "true" : null;
    set(b, "aria-busy", busy);
    set(b, "aria-disabled", busy);
  };
  return b;
}

function channelCard(session, target) {
  let ch = session.channel(target);
  const name = () => channelName(ch);
  const title = h("h4");
  const type = h("span", { class: "chip" });
  const state = h("span", { class: "state" });
  const status = h("strong");
  const reasonText = h("span", { class: "last-reason" });
  const statusLine = h("p", { class: "agent-status" }, "Status: ", status, reasonText);
  const select = h("select");
  let reasonsKey = "";

  const toggle = commandButton(`ch:${target}:toggle`, () =>
    ch.state === "ACTIVE"
      ? act(`ch:${target}:toggle`, `Deactivate ${name()}`, () => session.deactivate(target))
      : act(`ch:${target}:toggle`, `Activate ${name()}`, () => session.activate(target)),
  );
  const ready = commandButton(`ch:${target}:ready`, () => act(`ch:${target}:ready`, `Ready on ${name()}`, () => session.ready(target)));
  const notReady = commandButton(`ch:${target}:notready`, () => {
    const label = select.selectedOptions[0]?.textContent;
    act(`ch:${target}:notready`, `Not ready on ${name()}`, () =>
      session.notReady(target, { reasonCode: select.value, reasonDesc: label || undefined }),
    );
  });
  const acw = commandButton(`ch:${target}:acw`, () =>
    act(`ch:${target}:acw`, `After call work on ${name()}`, () => session.afterCallWork(target)),
  );
  const scriptsButton = commandButton(`ch:${target}:scripts`, () =>
    act(`ch:${target}:scripts`, `Scripts of ${name()}`, () => session.getScripts(target)),
  );
  scriptsButton.className = "quiet";
  const scripts = h("div", { class: "scripts", hidden: true });
  const buttons = [toggle, ready, notReady, acw, scriptsButton];

  const el = h(
    "li",
    { class: "channel" },
    h("div", { class: "channel-head" }, title, type, state),
    statusLine,
    h(
      "div",
      { class: "actions" },
      toggle,
      ready,
      h("span", { class: "notready" }, h("label", { class: "reason" }, h("span", {}, "Reason"), select), notReady),
      acw,
      scriptsButton,
    ),
    scripts,
  );

  return {
    el,
    update(reasons) {
      ch = session.channel(target) ?? ch;
      const n = name();
      const active = ch.state === "ACTIVE";
      set(el, "data-state", ch.state);
      set(title, "text", n);
      set(type, "text", typeText(ch.type));
      set(state, "text", ch.state);
      set(state, "class", `state state-${String(ch.state).toLowerCase()}`);
      set(statusLine, "data-status", ch.agentStatus ?? "");
      set(status, "text", statusText(ch.agentStatus));
      // The current reason while not ready; the last one otherwise (servers keep it after ready).
      const reasonName = ch.lastReasonName || ch.lastReasonCode;
      const isNotReady = ch.agentStatus === "not_ready" || ch.agentStatus === "busy_not_ready";
      const code = ch.lastReasonName && ch.lastReasonCode ? ` (${ch.lastReasonCode})` : "";
      set(reasonText, "text", reasonName ? ` · ${isNotReady ? "reason" : "last reason"} ${reasonName}${code}` : "");

      set(toggle, "text", active ? "Deactivate" : "Activate");
      set(toggle, "aria-label", `${active ? "Deactivate" : "Activate"} ${n}`);
      set(toggle, "class", active ? null : "primary");
      set(toggle, "disabled", ch.state === "UNAVAILABLE");
      set(toggle, "title", ch.state === "UNAVAILABLE" ? "Another agent is logged into this endpoint" : null);
      set(ready, "text", "Ready");
      set(ready, "aria-label", `Ready on ${n}`);
      set(ready, "disabled", !active);
      set(notReady, "text", "Not ready");
      set(notReady, "aria-label", `Not ready on ${n}`);
      set(notReady, "disabled", !active || reasons.length === 0);
      set(acw, "text", "After call work");
      set(acw, "aria-label", `After call work on ${n}`);
      set(acw, "disabled", !active);
      set(select, "aria-label", `Reason for ${n}`);
      set(scriptsButton, "text", "Scripts");
      set(scriptsButton, "aria-label", `Scripts of ${n}`);
      for (const b of buttons) b.refresh();

      const key = JSON.stringify(reasons.map((r) => [r.code, r.label, r.description]));
      if (key !== reasonsKey) {
        reasonsKey = key;
        const keep = select.value;
        select.replaceChildren(
          ...(reasons.length === 0
            ? [h("option", { value: "" }, "No reasons from the server")]
            : reasons.map((r) => h("option", { value: r.code, title: r.description ?? null }, r.label))),
        );
        if (reasons.some((r) => r.code === keep)) select.value = keep;
      }
      set(select, "disabled", reasons.length === 0);

      if (Array.isArray(ch.scripts)) {
        const skey = JSON.stringify(ch.scripts);
        if (scripts.dataset.key !== skey) {
          scripts.dataset.key = skey;
          scripts.replaceChildren(
            h("span", {}, "Scripts: "),
            ch.scripts.length === 0
              ? "none"
              : h("ul", { class: "inline-list" }, ch.scripts.map((s) => h("li", { title: s.scriptId }, s.scriptName))),
          );
        }
        set(scripts, "hidden", false);
      }
    },
  };
}

function groupSection(session, group) {
  const heading = h("h3");
  const head = h("div", { class: "group-head" }, heading);
  const list = h("ul", { class: "channel-list" });
  const el = h("section", { class: "group" }, head, list);
  const buttons = [];
  if (group) {
    const label = () => session.channelGroups().find((g) => g.target === group)?.name || group;
    const all = (verb, fn) => {
      const key = `cg:${group}:${verb}`;
      const b = commandButton(key, () => act(key, `${verb === "activateall" ? "Activate" : "Deactivate"} all of ${label()}`, fn));
      buttons.push(b);
      return b;
    };
    head.append(
      h(
        "div",
        { class: "actions" },
        all("activateall", () => session.activateAll(group)),
        all("deactivateall", () => session.deactivateAll(group)),
      ),
    );
  }
  return {
    el,
    list,
    update(title) {
      set(heading, "text", title);
      set(el, "aria-label", group ? `Channel group ${title}` : title);
      if (buttons.length) {
        set(buttons[0], "text", "Activate all");
        set(buttons[0], "aria-label", `Activate all channels of ${title}`);
        set(buttons[1], "text", "Deactivate all");
        set(buttons[1], "aria-label", `Deactivate all channels of ${title}`);
        for (const b of buttons) b.refresh();
      }
    },
  };
}

/** Puts `children` into `parent` in this order, moving only what is out of place. */
function order(parent, children) {
  children.forEach((c, i) => {
    if (parent.children[i] !== c) parent.insertBefore(c, parent.children[i] ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild.remove();
}

/** The channels panel. `update(session)` brings it in line with the model. */
export function createChannels(root) {
  let cards = new Map();
  let groups = new Map();
  const empty = h("p", { class: "muted" }, "No channels yet.");
  return {
    update(session) {
      const channels = session.channels();
      const groupList = session.channelGroups();
      const reasons = session.notReadyReasons({ locale: navigator.language }).filter((r) => r.selectable);
      const known = new Set(groupList.map((g) => g.target));
      const sections = [];
      const layout = [
        ...groupList.map((g) => ({ key: g.target, title: g.name || g.id, members: channels.filter((c) => c.group === g.target) })),
      ];
      const alone = channels.filter((c) => !c.group || !known.has(c.group));
      if (alone.length) layout.push({ key: "", title: "Stand-alone channels", members: alone });
      const nextGroups = new Map();
      const nextCards = new Map();
      for (const g of layout) {
        const section = groups.get(g.key) ?? groupSection(session, g.key || null);
        nextGroups.set(g.key, section);
        section.update(g.title);
        const items = g.members.map((c) => {
          const card = cards.get(c.target) ?? channelCard(session, c.target);
          nextCards.set(c.target, card);
          card.update(reasons);
          return card.el;
        });
        order(section.list, items);
        sections.push(section.el);
      }
      groups = nextGroups;
      cards = nextCards;
      order(root, sections.length ? sections : [empty]);
    },
    reset() {
      cards = new Map();
      groups = new Map();
      root.replaceChildren();
    },
  };
}
