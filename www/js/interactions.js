// Interactions: the incoming pop-up (accept / answer), the list of interactions with their
// data, conversations and members, consult transfer and conference, recording controls,
// and the dial-out form.
import { h, rebuild, asText } from "./dom.js";
import { act, actionButton, notify, pendingKeys } from "./feedback.js";
import { channelName, typeText } from "./channels.js";

const MEDIA = { TELEPHONY: "call", CHAT: "chat", EMAIL: "email" };

/** "call", "chat", "email", or the lower-cased type. */
function mediaWord(ix) {
  return MEDIA[ix.type] ?? (ix.type ? ix.type.toLowerCase() : "interaction");
}

/** Whether an interaction still needs the agent (not ENDED / COMPLETED). */
export function isOngoing(ix) {
  return ix.state !== "ENDED" && ix.state !== "COMPLETED";
}

/** Who the other party is: the customer member, else the caller id or sender in the data. */
function party(ix) {
  for (const cv of ix.conversations) {
    const m = cv.members.find((x) => x.role === "customer");
    if (m) return m.name && m.address && m.name !== m.address ? `${m.name} (${m.address})` : m.name || m.address || m.id;
  }
  const d = ix.data ?? {};
  const number = ix.direction === "outbound" ? (d.DNIS ?? d.ANI) : (d.ANI ?? d.DNIS);
  return asText(d.customerName ?? d.from ?? number ?? "") || "unknown party";
}

function alertingCall(ix) {
  return ix.conversations.find((cv) => cv.kind !== "consult" && cv.state === "ALERTING");
}

/**
 * Places a consult call. The consult dial is not in PROTOCOL.md (3.4 lists it as not
 * recovered, naming only the back-end's `interaction.request.consult`); agentwire's
 * `consult()` sends that INFERRED name in both dialects, which the simulator implements. With a package that
 * predates `consult()`, the same command goes through the `send` escape hatch.
 */
function placeConsult(session, target, destination) {
  if (typeof session.consult === "function") return session.consult(target, { destination });
  return session.send({ command: "interaction.request.consult", target, data: { destination } });
}

function answerButtons(session, ix, prefix) {
  const word = mediaWord(ix);
  const who = party(ix);
  const out = [];
  const call = alertingCall(ix);
  if (call) {
    out.push(
      actionButton(`${prefix}:${ix.target}:answer`, "Answer", `Answer the ${word} from ${who}`, () => session.answer(call.target), {
        cls: "primary",
        ariaLabel: `Answer the ${word} from ${who}`,
      }),
    );
  }
  out.push(
    actionButton(`${prefix}:${ix.target}:accept`, "Accept", `Accept the ${word} from ${who}`, () => session.accept(ix.target), {
      cls: call ? "" : "primary",
      ariaLabel: `Accept the ${word} from ${who}`,
    }),
  );
  return out;
}

function conversationList(ix) {
  if (ix.conversations.length === 0) return null;
  return h(
    "ul",
    { class: "conversations" },
    ix.conversations.map((cv) =>
      h(
        "li",
        { "data-state": cv.state ?? "" },
        h("strong", {}, cv.kind === "consult" ? "Consult call" : "Call"),
        ` · ${cv.state ?? "?"}`,
        ix.focus === cv.id ? [" ", h("span", { class: "chip" }, "focus")] : null,
        h(
          "ul",
          { class: "members" },
          cv.members.map((m) => {
            const name = m.name || m.address || m.id;
            const extra = [m.role, m.address && m.address !== name ? m.address : null].filter(Boolean).join(", ");
            return h("li", {}, name, extra ? ` (${extra})` : "");
          }),
        ),
      ),
    ),
  );
}

function dataList(ix) {
  const entries = Object.entries(ix.data ?? {});
  if (entries.length === 0) return h("p", { class: "muted" }, "No interaction data.");
  return h(
    "dl",
    { class: "ix-data" },
    entries.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, asText(v)))),
  );
}

function telephonyControls(session, ix) {
  const consult = ix.conversations.find((cv) => cv.kind === "consult");
  const connected = consult?.state === "STARTED";
  const hint = connected ? null : "Needs a connected consult call (Consult call, next to Dial)";
  return h(
    "div",
    { class: "actions" },
    actionButton(`ix:${ix.target}:transfer`, "Transfer", "Consult transfer", () => session.consultTransfer(ix.target), {
      disabled: !connected,
      ariaLabel: "Consult transfer",
      title: hint,
    }),
    actionButton(`ix:${ix.target}:conference`, "Conference", "Consult conference", () => session.consultConference(ix.target), {
      disabled: !connected,
      ariaLabel: "Consult conference",
      title: hint,
    }),
  );
}

function recordingControls(session, ix) {
  const rec = ix.recording ?? "stopped";
  const b = (verb, text, fn, enabled) =>
    actionButton(`ix:${ix.target}:rec-${verb}`, text, `${text} recording`, fn, { disabled: !enabled, ariaLabel: `${text} recording` });
  return h(
    "div",
    { class: "recording", role: "group", "aria-label": "Recording" },
    h("span", {}, "Recording: ", h("strong", { class: "rec-state", "data-rec": rec }, rec)),
    h(
      "div",
      { class: "actions" },
      b("start", "Start", () => session.startRecording(ix.target), rec === "stopped"),
      b("pause", "Pause", () => session.pauseRecording(ix.target), rec === "recording"),
      b("resume", "Resume", () => session.resumeRecording(ix.target), rec === "paused"),
      b("stop", "Stop", () => session.stopRecording(ix.target), rec !== "stopped"),
    ),
  );
}

function interactionCard(session, ix, channels, dismiss) {
  const ch = channels.find((c) => c.target === ix.channel);
  const title = `${ix.direction ? `${ix.direction[0].toUpperCase()}${ix.direction.slice(1)} ` : ""}${mediaWord(ix)}`;
  const body = [
    h("p", { class: "muted" }, `${party(ix)} · on ${ch ? `${channelName(ch)} (${typeText(ch.type)})` : ix.channel} · ${ix.id}`),
    dataList(ix),
    conversationList(ix),
  ];
  if (ix.state === "ALERTING") body.push(h("div", { class: "actions" }, answerButtons(session, ix, "ix")));
  if (ix.state === "STARTED") {
    if (ix.type === "TELEPHONY") body.push(telephonyControls(session, ix));
    body.push(recordingControls(session, ix));
  }
  if (!isOngoing(ix)) {
    body.push(
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", "data-key": `ix:${ix.target}:dismiss`, onclick: () => dismiss(ix.target) }, "Dismiss"),
      ),
    );
  }
  return h(
    "article",
    { class: "ix", "data-state": ix.state ?? "", "data-target": ix.target, "aria-label": `${title} ${ix.id}` },
    h("header", {}, h("h3", {}, title), h("span", { class: `state state-${String(ix.state).toLowerCase()}` }, ix.state ?? "?")),
    body,
  );
}

function popup(session, ix) {
  const word = mediaWord(ix);
  const d = ix.data ?? {};
  const extra = d.topic ?? d.subject ?? null;
  return h(
    "div",
    { class: "popup", "data-target": ix.target },
    h("p", { class: "popup-title" }, h("strong", {}, `Incoming ${word}`), ` from ${party(ix)}`),
    extra ? h("p", {}, asText(extra)) : null,
    h("div", { class: "actions" }, answerButtons(session, ix, "pop")),
  );
}

/** The interactions panel, the incoming pop-up region and the dial form. */
export function createInteractions({ list, incoming, dialForm, dialChannel, dialDest, consultButton }) {
  let session = null;
  let last = null;
  let lastPop = null;
  let lastDial = null;
  const dismissed = new Set();

  function telephonyChannels() {
    return session ? session.channels().filter((c) => c.type === "TELEPHONY") : [];
  }

  /** Dials `destination` on the chosen telephony channel. */
  function dial(destination) {
    const target = dialChannel.value;
    if (!target) {
      notify("Dial failed: there is no telephony channel.", "error");
      return Promise.resolve();
    }
    return act("dial", `Dial ${destination}`, () => session.dial(target, { destination }), { success: `Dialling ${destination}…` });
  }

  /** The connected call on the chosen channel that a consult call can start from, if any. */
  function consultable() {
    if (!session) return undefined;
    return session
      .interactions()
      .find(
        (ix) =>
          ix.channel === dialChannel.value &&
          ix.state === "STARTED" &&
          ix.type === "TELEPHONY" &&
          !ix.conversations.some((cv) => cv.kind === "consult"),
      );
  }

  /** Starts a consult call from the connected call to `destination`. */
  function consult(destination, who = destination) {
    const call = consultable();
    if (!call) {
      notify("Consult call failed: there is no connected call on this channel.", "error");
      return;
    }
    act(
      `ix:${call.target}:consult`,
      `Consult call to ${who}`,
      () => placeConsult(session, call.target, destination),
      { success: `Consult call to ${who}${who === destination ? "" : ` (${destination})`}…` },
    );
  }

  /**
   * Calls a destination from the address book: a consult call when a call is already
   * connected on the chosen channel, else a new outbound call.
   */
  function callTo(destination, who) {
    if (!session) return;
    dialDest.value = destination;
    if (consultable()) consult(destination, who);
    else dial(destination);
  }

  consultButton.addEventListener("click", () => {
    const destination = dialDest.value.trim();
    if (!destination) {
      notify("Enter the number to consult.", "error");
      dialDest.focus();
      return;
    }
    consult(destination);
  });

  dialForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const destination = dialDest.value.trim();
    if (!destination) {
      notify("Enter a number to dial.", "error");
      dialDest.focus();
      return;
    }
    dial(destination);
  });

  function updateDial() {
    const call = consultable();
    consultButton.disabled = !call;
    consultButton.title = call
      ? "Consult call from the connected call (interaction.consult: INFERRED, PROTOCOL.md recovered no consult-dial command)"
      : "Needs a connected call on this channel";
    const tel = telephonyChannels();
    const key = JSON.stringify(tel.map((c) => [c.target, c.name, c.state]));
    if (key === lastDial) return;
    lastDial = key;
    const keep = dialChannel.value;
    dialChannel.replaceChildren(
      ...(tel.length === 0
        ? [h("option", { value: "" }, "No telephony channel")]
        : tel.map((c) => h("option", { value: c.target }, `${channelName(c)} (${c.state})`))),
    );
    const preferred = tel.find((c) => c.target === keep) ?? tel.find((c) => c.state === "ACTIVE") ?? tel[0];
    if (preferred) dialChannel.value = preferred.target;
    dialForm.querySelector("button[type=submit]").disabled = tel.length === 0;
  }

  dialChannel.addEventListener("change", () => updateDial());

  return {
    callTo,
    attach(s) {
      session = s;
      dismissed.clear();
      last = lastPop = lastDial = null;
    },
    update(force = false) {
      if (!session) return;
      updateDial();
      const all = session.interactions();
      const channels = session.channels();
      const shown = all.filter((ix) => !dismissed.has(ix.target));
      // Buttons show their command's pending state, so pending commands are part of the key.
      const busy = pendingKeys().filter((k) => k.startsWith("ix:") || k.startsWith("pop:"));
      const key = JSON.stringify([shown, channels.map((c) => [c.target, c.name]), busy]);
      if (force || key !== last) {
        last = key;
        rebuild(list, () => {
          const f = document.createDocumentFragment();
          if (shown.length === 0) f.append(h("p", { class: "muted" }, "No interactions."));
          for (const ix of shown) {
            f.append(
              interactionCard(session, ix, channels, (t) => {
                dismissed.add(t);
                this.update(true);
              }),
            );
          }
          return f;
        });
      }
      const ringing = all.filter((ix) => ix.state === "ALERTING");
      const popKey = JSON.stringify([ringing, busy]);
      if (force || popKey !== lastPop) {
        lastPop = popKey;
        rebuild(incoming, () => {
          const f = document.createDocumentFragment();
          for (const ix of ringing) f.append(popup(session, ix));
          return f;
        });
      }
    },
    reset() {
      session = null;
      last = lastPop = lastDial = null;
      list.replaceChildren();
      incoming.replaceChildren();
    },
  };
}
