// A sample integrator file: `tsc --noEmit` must accept every line, and reject each line
// marked `@ts-expect-error` (tsc fails if such a line does compile).
import init, { AgentSession, AgentwireError } from "../../pkg/agentwire.js";
import type { Channel, ConnectionChangeDetail, SessionSnapshot } from "../../pkg/agentwire.js";

export async function main(): Promise<void> {
  await init();
  const session = new AgentSession({
    url: "ws://127.0.0.1:8787/ws",
    agent: { id: "4001", password: "pass" },
    dialect: "current",
    requestTimeoutMs: 10_000,
    wakeProbeMs: 1_500,
    reconnect: { initialDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 20 },
    logLevel: "info",
  });

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

  await session.connect();
  const channels: Channel[] = session.channels();
  const tel = channels.find((c) => c.type === "TELEPHONY");
  if (!tel) return;
  await session.activate(tel, { queue: "SUPPORT" });
  await session.ready(tel.target, { until: "applied" });
  const reasons = session.notReadyReasons({ locale: "de-CH" });
  await session.notReady(tel, { reasonCode: reasons[0].code, reasonDesc: reasons[0].label });
  await session.afterCallWork(tel);
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
  try {
    await session.send({ command: "session.request.vendor.thing", target: session.id ?? "", data: {} });
  } catch (e) {
    if (e instanceof AgentwireError) console.log(e.kind, e.code, e.message);
  }
  await session.logout();
  session.close();

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
}
