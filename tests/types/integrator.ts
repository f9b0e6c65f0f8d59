// A sample integrator file: `tsc --noEmit` must accept every line, and reject each line
// marked `@ts-expect-error` (tsc fails if such a line does compile). tsconfig.json checks it
// with `skipLibCheck: false` and the ES2023 + DOM libs (nothing of an ESNext lib is needed).
import init, { AgentSession, AgentwireError, initSync } from "../../pkg/agentwire.js";
import * as agentwire from "../../pkg/agentwire.js";
import type { AnyProtocolEventDetail, Channel, ConnectionChangeDetail, SessionSnapshot, TabsInfo } from "../../pkg/agentwire.js";

// The typed escape hatch for event names outside the map: declare them.
declare module "../../pkg/agentwire.js" {
  interface AgentwireCustomEvents {
    "vendor.thing": CustomEvent<{ answer: number }>;
  }
}

export async function main(): Promise<void> {
  // No init step: create() loads the module on first use.
  const first = await AgentSession.create({ url: "ws://127.0.0.1:8787/ws", agent: { id: "4001" } });
  first.free();
  // Preloading stays possible; neither resolves wasm internals.
  const loaded: void = await init();
  initSync({ module: new Uint8Array(8) });
  void loaded;
  const session = new AgentSession({
    url: "ws://127.0.0.1:8787/ws",
    agent: { id: "4001", password: "pass" },
    dialect: "current",
    requestTimeoutMs: 10_000,
    wakeProbeMs: 1_500,
    reconnect: { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 20 },
    logLevel: "info",
    tabs: "share",
  });
  // One connection shared by the agent's tabs (issue 17).
  const role: "leader" | "follower" | null = session.tabs.role;
  const via: "worker" | "locks" | null = session.tabs.via;
  const tabCount: number = session.tabs.count;
  void role, via, tabCount;

  session.addEventListener("channel.infochanged", (e) => {
    const status: string | undefined = e.detail.data.agentStatus?.status;
    const target: string = e.detail.target;
    void status, target;
  });
  session.addEventListener("interaction.datachanged", (e) => {
    const ani = e.detail.data.data["ANI"];
    void ani;
  });
  session.addEventListener("connectionchange", (e) => {
    const d: ConnectionChangeDetail = e.detail;
    if (d.state === "reconnecting") console.log(d.retryInMs);
    // Why a reconnect is under way (issue 17).
    if (d.cause?.code === "OFFLINE") console.log("offline:", d.cause.message);
    // @ts-expect-error: not a cause code
    if (d.cause?.code === "ASLEEP") console.log("never");
  });
  session.addEventListener("confirm", (e) => e.detail.accept());
  session.addEventListener("protocolerror", (e) => console.warn(e.detail.kind, e.detail.message));
  session.addEventListener("commandcomplete", (e) => console.log(e.detail.command, e.detail.elapsedMs));
  session.onconnectionchange = (e) => console.log(e.detail.state);

  const connected: void = await session.connect();
  void connected;
  const channels: Channel[] = session.channels();
  const tel = channels.find((c) => c.type === "TELEPHONY");
  if (!tel) return;
  await session.activate(tel, { queue: "SUPPORT" });
  const readyData: Record<string, never> = await session.ready(tel.target, { until: "applied" });
  void readyData;
  const reasons = session.notReadyReasons({ locale: "de-CH" });
  await session.notReady(tel, { reasonCode: reasons[0].code, reasonDesc: reasons[0].label });
  const acw = await session.afterCallWork(tel);
  console.log(acw.reasoncode, acw.reasondesc);
  await session.dial(tel, { destination: "+15125550199" });
  const { scripts } = await session.getScripts(tel);
  console.log(scripts.map((s) => s.scriptName));
  await session.deactivate(tel, { reason: "3", until: "applied" });
  const group = session.channelGroups()[0];
  await session.activateGroup(group, { queue: "SUPPORT" });
  await session.activateAll(group.target);
  await session.deactivateAll(group, { reason: "3" });
  await session.addChannel({ endpoint: "5002", type: "Telephony" });
  await session.addChannelGroup({ name: "Voice", timeoutMs: 5_000 });
  await session.requestNotReadyReasons({ until: "applied" });
  await session.requestLogoutReasons();
  await session.agentLegConnect();
  await session.agentLegDisconnect();
  const ix = session.interactions()[0];
  await session.accept(ix);
  await session.answer(ix.conversations[0]);
  await session.consult(ix, { destination: "4002" });
  await session.consultTransfer(ix.target);
  await session.consultConference(ix);
  await session.startRecording(ix);
  await session.pauseRecording(ix);
  await session.resumeRecording(ix);
  await session.stopRecording(ix, { until: "applied" });
  await session.signal(ix, { p1: "wrapup", p2: "42" });
  const books = await session.addressBook({ realtime: true });
  console.log(books.addressbooks.length);
  const unsubscribe: () => void = session.subscribe(() => {
    const snap: SessionSnapshot = session.getSnapshot();
    console.log(snap.connectionState, snap.channels.length);
  });
  unsubscribe();
  // Bound: passable as they are (React's useSyncExternalStore, Svelte, signals).
  const { subscribe, getSnapshot } = session;
  subscribe(() => getSnapshot().channels);

  // Events: detail.object is the model object of the event's target, by event name.
  session.addEventListener("channel.infochanged", (e) => console.log(e.detail.object?.agentStatus));
  session.addEventListener("interaction.datachanged", (e) => console.log(e.detail.object?.conversations.length));
  // Every protocol event at one listener, narrowed by name.
  session.addEventListener("protocolevent", (e) => {
    const d: AnyProtocolEventDetail = e.detail;
    if (d.name === "channel.infochanged") console.log(d.data.state, d.object?.state);
  });
  session.addEventListener("vendor.thing", (e) => console.log(e.detail.answer));
  session.events.addEventListener("any.name.at.all", (e) => console.log(e.type));
  const next = await session.once("interaction.created", { signal: AbortSignal.timeout(1000), timeoutMs: 5000 });
  console.log(next.detail.data.interaction.id);
  const stop = new AbortController();
  for await (const e of session.on("protocolevent", { signal: stop.signal })) {
    if (e.detail.name === "state.updated") break;
  }
  try {
    await session.send({ command: "session.request.vendor.thing", target: session.id ?? "", data: {} });
  } catch (e) {
    if (e instanceof AgentwireError) console.log(e.kind, e.code, e.message);
  }
  const out: void = await session.logout();
  void out;
  session.close();
  session.free();

  // @ts-expect-error: unknown dialect
  new AgentSession({ url: "ws://127.0.0.1/ws", agent: { id: "1" }, dialect: "modern" });
  // @ts-expect-error: agent is required
  new AgentSession({ url: "ws://127.0.0.1/ws" });
  // @ts-expect-error: notReady needs a reason code
  await session.notReady(tel, {});
  // @ts-expect-error: channel.infochanged data has no `foo`
  session.addEventListener("channel.infochanged", (e) => e.detail.data.foo);
  // @ts-expect-error: until is "accepted" | "applied"
  await session.ready(tel, { until: "eventually" });
  // @ts-expect-error: a channel reference is a string or an object with a target
  await session.ready(42);
  // @ts-expect-error: signal parameters are p1 … p20
  await session.signal(ix, { p21: "x" });
  // @ts-expect-error: error kinds are a closed set
  const k: import("../../pkg/agentwire.js").AgentwireErrorKind = "oops";
  void k;
  // Codes are open (the server's failure codes), but agentwire's own are named.
  const code: import("../../pkg/agentwire.js").AgentwireErrorCode = "RECONNECT_EXHAUSTED";
  void code;

  // Issue 16: each mistake of the integrator's first hour no longer compiles.
  // @ts-expect-error: ready() resolves the echoed (empty) data, not a number
  const n: number = await session.ready(tel);
  void n;
  // @ts-expect-error: connect() resolves nothing
  const id: string = await session.connect();
  void id;
  // @ts-expect-error: notReady() resolves the wire echo ({ reasoncode }), not the arguments
  const args: { reasonCode: string } = await session.notReady(tel, { reasonCode: "12" });
  void args;
  // @ts-expect-error: a subscriber is a function of no arguments, not a class
  session.subscribe(class {});
  // @ts-expect-error: a typo in an event name
  session.addEventListener("chanel.infochanged", () => {});
  // @ts-expect-error: a typo in an event name, for once() too
  await session.once("interaction.creatd");
  // @ts-expect-error: detail.object of an interaction event is no channel
  session.addEventListener("interaction.datachanged", (e) => e.detail.object?.agentStatus);
  // @ts-expect-error: wasm-bindgen's start() is not part of the package
  agentwire.start();
  // @ts-expect-error: nor are the raw wasm exports
  type Raw = agentwire.InitOutput;
  // @ts-expect-error: init() resolves nothing, not the wasm instance's exports
  (await init()).memory;
  // @ts-expect-error: options are checked (and unknown ones rejected at run time as well)
  new AgentSession({ url: "ws://127.0.0.1/ws", agent: { id: "1" }, requestTimeOutMs: 5000 });
  // @ts-expect-error: tabs is "own", "share" or "share-locks"
  new AgentSession({ url: "ws://127.0.0.1/ws", agent: { id: "1" }, tabs: "shared" });
  // @ts-expect-error: the tab information is read-only
  session.tabs = { mode: "own", via: null, role: null, count: 1 };
  // @ts-expect-error: the connection lives in the worker or in an elected tab, nowhere else
  const where: TabsInfo["via"] = "server";
  void where;
  // @ts-expect-error: once() takes a signal and a timeout, nothing else
  await session.once("confirm", { timeout: 5 });
}
