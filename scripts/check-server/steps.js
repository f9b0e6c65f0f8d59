// The browser side of scripts/check-server.sh: drives one real agentwire session through the
// package's public API only, one step at a time. Node calls `window.agentwireCheck.run(name)`
// for each step and prints its result; a step resolves with a short detail text, or
// `{ skip: "why" }`, or throws with the reason it failed.
import init, { AgentSession } from "/pkg/agentwire.js";

/**
 * The command methods this check does not call, and why: each needs a state the check cannot
 * bring about on an arbitrary server, or would change the agent's set-up there. Every other
 * command method is called by a step below (tests/tables.rs checks that the two lists cover
 * the whole command table of src/web/commands.rs).
 */
const notExercised = {
  deactivate: "the logout step ends the session, and every channel with it",
  getScripts: "an InContact extension: not every server keeps scripts",
  activateGroup: "a channel-group command (INFERRED shape); the check activates one channel",
  activateAll: "a channel-group command (INFERRED shape); the check activates one channel",
  deactivateAll: "a channel-group command (INFERRED shape); the check activates one channel",
  addChannel: "would change the agent's configuration on the server",
  addChannelGroup: "would change the agent's configuration on the server",
  agentLegConnect: "InContact only: would ring the agent's phone",
  agentLegDisconnect: "InContact only: needs a connected agent leg",
  accept: "needs an inbound interaction, which the check cannot cause",
  answer: "needs an inbound call, which the check cannot cause",
  consult: "needs an established call and a second party",
  consultTransfer: "needs an established call and a consult party",
  consultConference: "needs an established call and a consult party",
  startRecording: "needs an established call (and recording enabled for the tenant)",
  stopRecording: "needs an established call (and recording enabled for the tenant)",
  pauseRecording: "needs an established call (and recording enabled for the tenant)",
  resumeRecording: "needs an established call (and recording enabled for the tenant)",
  signal: "needs an established call and a script that listens for the signal",
};

const STEP_TIMEOUT_MS = 45000;
const RECONNECT_WAIT_MS = 30000;

let opts = null;
let session = null;
let reconnects = 0;
let opened = false;
const events = [];
const picked = { channel: null, reason: null, telephony: null, interaction: null };

function note(line) {
  events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (events.length > 5000) events.splice(0, 1000);
}

function describe(e) {
  if (e && typeof e === "object" && typeof e.kind === "string") {
    const extra = e.reason ? ` [${e.reason}]` : "";
    return `${e.kind} ${e.code}${extra}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves once the session is `ready` again (after a reconnect); throws if it closed. */
async function untilReady(ms = RECONNECT_WAIT_MS) {
  const deadline = Date.now() + ms;
  while (session.connectionState !== "ready") {
    if (session.connectionState === "closed") throw new Error("the session closed while waiting for it to reconnect");
    if (Date.now() > deadline) throw new Error(`the session did not reconnect within ${ms} ms (state ${session.connectionState})`);
    await sleep(50);
  }
}

/** Waits until `pred()` holds (polling the model), or throws `what` after `ms`. */
async function until(pred, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(what);
    await sleep(50);
  }
}

/**
 * Runs a command-carrying step, tolerating the connection dropping under it: when a command
 * rejects with `disconnected` (sent, but the socket went before the answer), or times out
 * while the session is not ready, it waits for the SDK to reconnect and resynchronise, then
 * calls `fn` again. `fn` checks the model first, so a command the server did apply before
 * the drop is not sent twice.
 */
async function retrying(fn, attempts = 5) {
  for (let i = 0; ; i++) {
    try {
      return await fn(i);
    } catch (e) {
      const lost = e?.kind === "disconnected" || (e?.kind === "timeout" && session.connectionState !== "ready");
      if (!lost || i >= attempts) throw e;
      note(`retry after ${e.kind}: ${describe(e)}`);
      await untilReady();
    }
  }
}

function channel(target) {
  return session.channel(target);
}

function countEntries(group) {
  return (group.entries?.length ?? 0) + (group.groups ?? []).reduce((n, g) => n + countEntries(g), 0);
}

function needSession() {
  if (!session || session.connectionState === "closed") throw new Error("no session (the connect step failed or the session closed)");
}

const steps = {
  async connect() {
    const started = performance.now();
    const options = {
      url: opts.url,
      agent: { id: opts.agent, password: opts.password },
      dialect: opts.dialect,
      onExistingSession: opts.replace ? "replace" : "fail",
      logLevel: "silent",
      requestTimeoutMs: opts.timeoutMs,
    };
    if (opts.serviceId) options.serviceId = opts.serviceId;
    if (opts.allowInsecure) options.allowInsecure = true;
    session = new AgentSession(options);
    for (const name of AgentSession.eventNames()) {
      session.addEventListener(name, (e) => note(`event ${name} ${e.detail.target} ${JSON.stringify(e.detail.data)}`));
    }
    session.addEventListener("commandcomplete", (e) => {
      const d = e.detail;
      note(`command ${d.command} ${d.target ?? ""} ${d.ok ? "ok" : `${d.error.kind} ${d.error.code}: ${d.error.message}`} ${Math.round(d.elapsedMs)} ms`);
    });
    session.addEventListener("protocolerror", (e) => note(`protocolerror ${e.detail.kind}: ${e.detail.message}`));
    session.addEventListener("resynced", (e) => note(`resynced (${e.detail.removed} removed)`));
    session.addEventListener("connectionchange", (e) => {
      const d = e.detail;
      if (d.state === "reconnecting") reconnects += 1;
      if (d.state === "open") opened = true;
      note(`connection ${d.state}${d.attempt ? ` attempt ${d.attempt}` : ""}${d.retryInMs != null ? ` retry in ${d.retryInMs} ms` : ""}${d.reason ? ` ${d.reason.kind} ${d.reason.code}: ${d.reason.message}` : ""}`);
    });
    try {
      await session.connect();
    } catch (e) {
      if (e?.reason === "refused" && e?.code === "AUTH_FAILED") throw new Error(`login refused: wrong agent id or password (${describe(e)})`);
      if (e?.reason === "connectFailed" && opened) {
        throw new Error(`the connection to ${opts.url} was lost during the bootstrap, before session.initialized (${describe(e)})`);
      }
      if (e?.reason === "connectFailed") throw new Error(`cannot reach ${opts.url} (${describe(e)})`);
      if (e?.code === "UNKNOWN_COMMAND") {
        const other = opts.dialect === "legacy" ? "current" : "legacy";
        throw new Error(`${describe(e)} (the server may speak the other dialect: try --dialect ${other})`);
      }
      if (e?.reason === "declined" || e?.code === "SESSION_EXISTS") {
        throw new Error(`${describe(e)} (the agent already has a session: pass --replace to take it over)`);
      }
      throw new Error(describe(e));
    }
    if (session.connectionState !== "ready") throw new Error(`connect resolved but the state is ${session.connectionState}`);
    return `session ${session.id} initialized in ${Math.round(performance.now() - started)} ms, dialect ${opts.dialect}`;
  },

  async "model populated"() {
    needSession();
    const channels = session.channels();
    if (channels.length === 0) throw new Error("no channels after session.initialized");
    const groups = session.channelGroups();
    if (session.notReadyReasons().length === 0) {
      await retrying(() => session.requestNotReadyReasons({ until: "applied" }));
      await until(() => session.notReadyReasons().length > 0, 5000, "session.request.externalnotreadyreasons answered, but no session.externalnotreadyreasons.updated with reasons followed");
    }
    if (session.logoutReasons().length === 0) {
      try {
        await retrying(() => session.requestLogoutReasons());
        await until(() => session.logoutReasons().length > 0, 2000, "").catch(() => {});
      } catch (e) {
        note(`logout reasons not available: ${describe(e)}`);
      }
    }
    if (session.addressBooks().length === 0) {
      await retrying(() => session.addressBook({ realtime: false }));
    }
    const reasons = session.notReadyReasons({ locale: opts.locale });
    const selectable = reasons.filter((r) => r.selectable);
    const books = session.addressBooks();
    if (selectable.length === 0) throw new Error(`the server lists ${reasons.length} not-ready reason(s) but none is selectable`);
    if (books.length === 0) throw new Error("no address book in the model after session.request.incontact.addressbook");
    const entries = books.reduce((n, b) => n + countEntries(b), 0);
    return `${channels.length} channel(s) in ${groups.length} group(s), ${reasons.length} not-ready reason(s) (${selectable.length} selectable), ${session.logoutReasons().length} logout reason(s), ${books.length} address book(s) with ${entries} entries`;
  },

  async "activate an INACTIVE channel"() {
    needSession();
    const channels = session.channels();
    const inactive = channels.filter((c) => c.state === "INACTIVE");
    if (inactive.length === 0) {
      throw new Error(`no INACTIVE channel to activate (states: ${channels.map((c) => `${c.id}=${c.state}`).join(", ")})`);
    }
    const ch = inactive.find((c) => c.type === "TELEPHONY") ?? inactive[0];
    picked.channel = ch.target;
    await retrying(async () => {
      if (channel(ch.target)?.state === "ACTIVE") return;
      await session.activate(ch.target, { until: "applied" });
    });
    const now = channel(ch.target);
    if (now?.state !== "ACTIVE") throw new Error(`activate succeeded but channel ${ch.id} is ${now?.state}`);
    return `${ch.type ?? "channel"} ${ch.name ?? ch.id} (${ch.target}) is ACTIVE`;
  },

  async ready() {
    needSession();
    const target = picked.channel;
    if (!target) throw new Error("no channel was activated");
    await retrying(async () => {
      const st = channel(target)?.agentStatus;
      if (st === "ready" || st === "busy_ready") return;
      await session.ready(target, { until: "applied" });
    });
    const st = channel(target)?.agentStatus;
    if (st !== "ready" && st !== "busy_ready") throw new Error(`ready succeeded but the agent status is ${st}`);
    return `agent status ${st}`;
  },

  async "not ready with a reason"() {
    needSession();
    const target = picked.channel;
    if (!target) throw new Error("no channel was activated");
    const reason = session.notReadyReasons({ locale: opts.locale }).find((r) => r.selectable);
    if (!reason) throw new Error("the server listed no selectable not-ready reason");
    picked.reason = reason;
    await retrying(async () => {
      const ch = channel(target);
      if ((ch?.agentStatus === "not_ready" || ch?.agentStatus === "busy_not_ready") && ch.lastReasonCode === reason.code) return;
      await session.notReady(target, { reasonCode: reason.code, reasonDesc: reason.label, until: "applied" });
    });
    const ch = channel(target);
    if (ch?.agentStatus !== "not_ready" && ch?.agentStatus !== "busy_not_ready") throw new Error(`not ready succeeded but the agent status is ${ch?.agentStatus}`);
    if (ch.lastReasonCode && ch.lastReasonCode !== reason.code) {
      throw new Error(`the channel reports last reason ${ch.lastReasonCode}, not the ${reason.code} sent`);
    }
    return `reason ${reason.code} "${reason.label}", channel reports ${ch.lastReasonCode || "no code"} "${ch.lastReasonName ?? ""}"`;
  },

  async "after call work"() {
    needSession();
    const target = picked.channel;
    if (!target) throw new Error("no channel was activated");
    await retrying(async () => {
      const st = channel(target)?.agentStatus;
      if (st === "after_call_work" || st === "busy_after_call_work") return;
      await session.afterCallWork(target, { until: "applied" });
    });
    const st = channel(target)?.agentStatus;
    if (st !== "after_call_work" && st !== "busy_after_call_work") throw new Error(`after call work succeeded but the agent status is ${st}`);
    return `agent status ${st}`;
  },

  async "bad request rejected with a typed error"() {
    needSession();
    const command = "session.request.agentwirecheck.nosuchcommand";
    let error = null;
    await retrying(async () => {
      try {
        await session.send({ command, target: session.id, data: {} });
      } catch (e) {
        if (e?.kind === "disconnected" || (e?.kind === "timeout" && session.connectionState !== "ready")) throw e;
        error = e;
        return;
      }
      throw new Error(`the server accepted the unknown command ${command}`);
    });
    if (!error || error.name !== "AgentwireError") throw new Error(`rejected, but not with an AgentwireError: ${describe(error)}`);
    if (error.kind === "timeout") throw new Error(`the server never answered the unknown command ${command}: it must send a failure response (${describe(error)})`);
    if (error.kind !== "failure") throw new Error(`expected kind failure, got ${describe(error)}`);
    if (!error.code) throw new Error("the failure has no code");
    const echoed = error.original?.command === command ? ", original echoed" : ", no original echoed";
    return `kind ${error.kind}, code ${error.code}: ${error.message}${echoed}`;
  },

  async "address book request"() {
    needSession();
    const res = await retrying(() => session.addressBook({ realtime: true }));
    const books = res?.addressbooks;
    if (!Array.isArray(books)) throw new Error(`the response has no addressbooks array: ${JSON.stringify(res)?.slice(0, 200)}`);
    if (session.addressBooks().length !== books.length) throw new Error("the model's address books differ from the response");
    const entries = books.reduce((n, b) => n + countEntries(b), 0);
    return `${books.length} address book(s), ${entries} entries`;
  },

  async "dial on a telephony channel"() {
    needSession();
    const tel = session.channels().find((c) => c.type === "TELEPHONY" && c.state !== "UNAVAILABLE");
    if (!tel) return { skip: "no telephony channel in this session" };
    picked.telephony = tel.target;
    await retrying(async () => {
      if (channel(tel.target)?.state === "ACTIVE") return;
      await session.activate(tel.target, { until: "applied" });
    });
    const before = new Set(session.interactions().map((i) => i.target));
    await retrying(async () => {
      if (session.interactions().some((i) => i.channel === tel.target && !before.has(i.target))) return;
      await session.dial(tel.target, { destination: opts.destination, until: "applied" });
    });
    const ix = session.interactions().find((i) => i.channel === tel.target && !before.has(i.target));
    if (!ix) throw new Error("dial succeeded but no interaction appeared on the channel");
    picked.interaction = ix.target;
    // Follow the call for a while: DIALING, then STARTED once the far end answers.
    const seen = [];
    const track = () => {
      const o = session.object(ix.target);
      const st = o ? o.state : "gone";
      if (st && seen[seen.length - 1] !== st) seen.push(st);
      return st;
    };
    await until(() => ["STARTED", "ENDED", "COMPLETED", "gone"].includes(track()), 10000, "").catch(() => {});
    return `dialled ${opts.destination} on ${tel.name ?? tel.id}: interaction ${ix.id} ${seen.join(" → ") || "created"}`;
  },

  async logout() {
    needSession();
    const ongoing = () => session.interactions().filter((i) => i.state !== "ENDED" && i.state !== "COMPLETED");
    if (ongoing().length) {
      // The server refuses logout during an interaction (PROTOCOL.md 2.7); give the call the
      // chance to end on its own first.
      await until(() => ongoing().length === 0, opts.callWaitMs, "").catch(() => {});
    }
    let refused = null;
    await retrying(async () => {
      if (session.connectionState === "closed") return;
      try {
        await session.logout();
      } catch (e) {
        if (e?.kind === "failure") {
          refused = e;
          return;
        }
        // A logout whose answer was lost ends the session all the same.
        if (e?.kind === "closed" && e?.reason === "loggedOut") return;
        throw e;
      }
    });
    if (refused) {
      const why = ongoing().length ? ` while ${ongoing().length} interaction(s) were ongoing` : "";
      return { skip: `the server refused it${why} (${refused.code}: ${refused.message})` };
    }
    await until(() => session.connectionState === "closed", 5000, `logout succeeded but the session is ${session.connectionState}`);
    return "session closed (loggedOut)";
  },
};

window.agentwireCheck = {
  steps: Object.keys(steps),
  notExercised,
  async start(options) {
    opts = options;
    await init();
  },
  async run(name) {
    const step = steps[name];
    if (!step) return { ok: false, why: `unknown step ${name}` };
    const before = reconnects;
    try {
      const r = await withTimeout(step(), STEP_TIMEOUT_MS, `step "${name}"`);
      const dropped = reconnects - before;
      const suffix = dropped ? `; survived ${dropped} reconnect(s)` : "";
      if (r && typeof r === "object" && r.skip) return { ok: true, skip: r.skip + suffix };
      return { ok: true, detail: (r ?? "") + suffix };
    } catch (e) {
      return { ok: false, why: describe(e) };
    }
  },
  finish() {
    if (session && session.connectionState !== "closed") session.close();
    return { reconnects, events: events.slice() };
  },
};
