// The frame mix of the codec comparison: object events of the kinds an agent desktop
// receives, generated deterministically from a seed, shaped like the fixtures in
// tests/fixtures/protocol/ (member names, values, targets). Runs in the page and in node.
//
// Of the 200,000 frames of seed 14 (bench/codec/run.sh prints the mix of each run): 54.8%
// channel.infochanged, 19.4% state.updated (channels, interactions, conversations), 7.3%
// interaction.datachanged (most with CRM data of 5–40 members, some nested), 11.7% of
// interaction and conversation lifecycles (created, member.added, initialized, focuschanged,
// ended, disposed), 5.4% channel and channel-group creations and initializations, 0.8% agent
// leg, reason-code, logout-reason and disposition lists, 0.5% unknown (vendor) events, and 39
// address-book updates (100–1,000 entries in nested groups, 27–138 KB); 45.8 M characters,
// median frame 188 B. 3% of frames carry an unknown top-level member (`context`,
// `vendorTs`), 5% have their members in another order, and some strings have escapes or
// non-ASCII text.

const SID = "s-1001";

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ["ready", "not_ready", "after_call_work", "busy", "busy_ready", "busy_not_ready", "busy_after_call_work"];
const REASONS = [["12", "Lunch"], ["13", "Break"], ["14", "Pause café"], ["15", "\"Coaching\" session"], ["16", "Training / Schulung"], ["acw", "After call work"]];
const IX_STATES = ["ALERTING", "STARTED", "HELD", "ACTIVE", "WRAPUP"];
const CV_STATES = ["ALERTING", "ACTIVE", "HELD", "DISCONNECTED"];
const FIRST = ["Jane", "John", "María", "Zoë", "Łukasz", "Aiko", "Omar", "Chloé", "Sven", "Priya", "Tomás", "Ngozi"];
const LAST = ["Smith", "Núñez", "O'Brien", "Müller", "Tanaka", "Haddad", "Dubois", "Larsen", "Patel", "García"];
const MEDIA = ["PhoneCall", "Chat", "Email"];

/**
 * `n` frames (JSON text, one object event each) from `seed`, and the count of each event name.
 * The same seed gives the same frames everywhere.
 */
export function makeFrames(n = 200_000, seed = 14) {
  const r = rng(seed);
  const int = (k) => Math.floor(r() * k);
  const pick = (a) => a[int(a.length)];
  const frames = [];
  const names = [];
  const push = (target, name, data) => {
    names.push(name);
    const x = r();
    let m;
    if (x < 0.05) m = { name, data, target, messageType: "objectEvent" };
    else m = { messageType: "objectEvent", target, name, data };
    if (x > 0.97) {
      if (x > 0.985) m.context = { conversation: { id: `cv-${int(100)}` }, trace: `t-${int(1e6)}` };
      else m.vendorTs = 1764979200000 + int(1e7);
    }
    frames.push(JSON.stringify(m));
  };

  // The world: three groups of channels, interactions and conversations that come and go.
  const channels = [];
  for (let g = 1; g <= 3; g++) {
    for (const [id, type] of [[`ch-tel${g}`, "TELEPHONY"], [`ch-chat${g}`, "CHAT"], [`ch-mail${g}`, "EMAIL"]]) {
      channels.push({ target: `${SID}.cg-${g}.${id}`, type, ix: [] });
    }
  }
  let nextIx = 5001;
  let nextCh = 100;
  const live = []; // { target, channel, conversations: [target] }

  const startInteraction = () => {
    const c = pick(channels);
    const id = `ix-${nextIx++}`;
    const t = `${c.target}.${id}`;
    const ix = { target: t, channel: c, conversations: [] };
    live.push(ix);
    push(t, "interaction.created", { interaction: { id, type: c.type, direction: r() < 0.8 ? "inbound" : "outbound" } });
    if (r() < 0.3) push(t, "interaction.preview", {});
    push(t, "state.updated", { state: "ALERTING" });
    const cv = `${t}.cv-1`;
    ix.conversations.push(cv);
    push(cv, "conversation.created", { conversation: { id: "cv-1", kind: "primary" } });
    push(cv, "conversation.member.added", { member: { id: "m-1", address: `+1512555${String(int(10000)).padStart(4, "0")}` } });
    push(cv, "conversation.member.added", { member: { id: "m-2", name: `${pick(FIRST)} ${pick(LAST)}`, role: "agent" } });
    push(cv, "conversation.initialized", {});
    push(t, "interaction.datachanged", { data: { ANI: "+15125550142", DNIS: "8005550100", accountNumber: String(int(1e5)) } });
    push(t, "interaction.initialized", {});
  };
  const endInteraction = () => {
    const ix = live.splice(int(live.length), 1)[0];
    if (r() < 0.3) {
      const cv = `${ix.target}.cv-2`;
      push(cv, "conversation.created", { conversation: { id: "cv-2", kind: "consult" } });
      push(ix.target, "interaction.focuschanged", { conversation: "cv-2" });
      ix.conversations.push(cv);
    }
    push(ix.target, "state.updated", { state: "COMPLETED" });
    for (const cv of ix.conversations) push(cv, "conversation.disposed", {});
    push(ix.target, "interaction.ended", {});
  };
  const crm = () => {
    const d = {};
    const k = 5 + int(36);
    for (let i = 0; i < k; i++) {
      const v = int(6);
      d[`field${i}`] = v === 0 ? int(1e6) : v === 1 ? r() < 0.5 : v === 2 ? { street: `${int(999)} Main St`, city: "Austin", zip: "78701" }
        : v === 3 ? [pick(FIRST), pick(LAST)] : v === 4 ? `${pick(FIRST)} ${pick(LAST)}` : `note ${int(1e4)}: customer called about order #${int(1e6)}`;
    }
    return { data: d };
  };
  const labels = (name, description) => [{ language: "en", country: "US", name, description }];
  const book = () => {
    const total = 100 + int(901);
    let made = 0;
    const entry = () => {
      made++;
      const i = made;
      const kind = int(3);
      if (kind === 0) return { name: `${pick(FIRST)} ${pick(LAST)}`, type: "agent", destinations: [{ label: "Agent", value: `${4000 + i}` }], properties: { state: pick(["Available", "Unavailable", "On call"]) } };
      if (kind === 1) return { name: `Skill ${i}`, type: "skill", destinations: [{ label: "Skill", value: `SK-${i}` }], properties: { mediaType: pick(MEDIA), numAvailable: int(20), numUnavailable: int(20), ewt: `00:0${int(10)}:${10 + int(50)}` } };
      return { name: `${pick(LAST)} & Co.`, type: "external", destinations: [{ label: "Main", value: `+1512555${String(int(10000)).padStart(4, "0")}` }, { label: "Fax", value: `+1512556${String(int(10000)).padStart(4, "0")}` }], properties: {} };
    };
    const group = (depth) => {
      const g = { name: `Group ${int(1000)}`, groups: [], entries: [] };
      const k = 5 + int(30);
      for (let i = 0; i < k && made < total; i++) g.entries.push(entry());
      if (depth < 2) for (let i = 0; i < 2 && made < total; i++) g.groups.push(group(depth + 1));
      return g;
    };
    const b = { name: "Support Desk", groups: [], entries: [] };
    while (made < total) {
      if (r() < 0.3) b.entries.push(entry());
      else b.groups.push(group(0));
    }
    return { addressbooks: [b] };
  };

  while (frames.length < n) {
    const x = r();
    if (x < 0.51) {
      const c = pick(channels);
      const [code, name] = pick(REASONS);
      const status = pick(STATUSES);
      const agentStatus = status.includes("not_ready") || status === "after_call_work"
        ? { status, lastReasonCode: code, lastReasonName: name }
        : { status, lastReasonCode: "", lastReasonName: "" };
      const y = r();
      push(c.target, "channel.infochanged", y < 0.7 ? { state: "ACTIVE", agentStatus } : y < 0.9 ? { agentStatus } : { state: pick(["ACTIVE", "INACTIVE", "UNAVAILABLE"]) });
    } else if (x < 0.71) {
      const y = r();
      if (y < 0.3 || live.length === 0) push(pick(channels).target, "state.updated", { state: pick(["ACTIVE", "INACTIVE"]) });
      else if (y < 0.8) {
        const ix = pick(live);
        push(ix.target, "state.updated", r() < 0.1 ? { state: pick(IX_STATES), recording: pick(["recording", "paused", "stopped"]) } : { state: pick(IX_STATES) });
      } else {
        const ix = pick(live);
        push(pick(ix.conversations), "state.updated", { state: pick(CV_STATES) });
      }
    } else if (x < 0.74) {
      if (live.length < 4 || (live.length < 12 && r() < 0.5)) startInteraction();
      else endInteraction();
    } else if (x < 0.81) {
      push(live.length ? pick(live).target : `${pick(channels).target}.ix-1`, "interaction.datachanged", crm());
    } else if (x < 0.85) {
      const y = r();
      const g = 1 + int(3);
      if (y < 0.4) {
        const id = `ch-x${nextCh++}`;
        push(`${SID}.cg-${g}`, "channel.created", { channel: { id, name: `${5000 + int(1000)}`, type: "TELEPHONY", modelType: "TELEPHONY" } });
        push(`${SID}.cg-${g}.${id}`, "channel.initialized", {});
      } else if (y < 0.6) {
        push(SID, "channelgroup.created", { channelgroup: { id: `cg-${g}`, name: `Group ${g}` } });
        push(`${SID}.cg-${g}`, "channelgroup.initialized", {});
      } else push(pick(channels).target, "channel.initialized", {});
    } else if (x < 0.86) {
      const y = r();
      if (y < 0.25) {
        push(SID, "session.externalnotreadyreasons.updated", { reasonCodes: REASONS.map(([c, nm], i) => ({ reasonCodeId: `rc-${c}`, reasonCodeCode: c, selectable: i !== 5, extensions: [], labels: labels(nm, `${nm} (reason ${c})`) })) });
      } else if (y < 0.4) {
        push(SID, "session.externallogoutreasons.updated", { logoutReasons: [1, 2, 3].map((i) => ({ logoutReasonId: `lr-${i}`, logoutReasonCode: String(i), extensions: [], labels: labels(["End of shift", "Meeting", "Other"][i - 1], "Logout reason") })) });
      } else if (y < 0.6) {
        push(pick(channels).target, "channel.externaldispositions.updated", { dispositions: [["d-1", "SALE", "Sale"], ["d-2", "NOSALE", "No sale"], ["d-3", "CB", "Call back"]].map(([id, code, nm]) => ({ dispositionId: id, dispositionCode: code, labels: labels(nm, nm) })) });
      } else if (y < 0.75) push(SID, "session.agentleg.connected", {});
      else if (y < 0.9) push(SID, "session.agentleg.disconnected", {});
      else push(SID, "session.incontact.agentleg.failed", { error: "Agent leg could not be connected: \"busy\"" });
    } else if (x < 0.866) {
      push(SID, pick(["session.vendor.metrics", "channel.vendor.heartbeat"]), { seq: int(1e6), values: [int(100), int(100)], note: "vendor" });
    } else if (x < 0.8662) {
      push(SID, "session.incontact.addressbook.updated", book());
    } else {
      // The rest: more of the most common event, the agent's status on a channel.
      const c = pick(channels);
      push(c.target, "channel.infochanged", { state: "ACTIVE", agentStatus: { status: pick(STATUSES.slice(0, 3)), lastReasonCode: "", lastReasonName: "" } });
    }
  }
  frames.length = n;
  const counts = {};
  for (const name of names.slice(0, n)) counts[name] = (counts[name] ?? 0) + 1;
  return { frames, counts };
}
