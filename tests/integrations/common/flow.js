// The session every sample app runs, against the simulator: log in, activate the telephony
// channel, go ready, go not ready with a reason code, then wait for an inbound call's
// `interaction.created` (the runner has the simulator offer one when `waiting()` is called).
// Each line it reports is checked by tests/integrations/run.mjs (browser apps) or by
// node/session.test.mjs. The runner copies this file into each app (src/flow.js, git-ignored),
// so every app bundles it as its own source.
//
// `sdk` is the app's own `import * as sdk from "agentwire"`.

/** The one line that makes a session (the wasm module loads on first use). */
export function openSession(sdk, options) {
  return sdk.AgentSession.create(options);
}

/** Runs the flow; `report(line)` gets each result, `waiting()` is awaited before the call is expected. */
export async function agentFlow(session, report, waiting) {
  session.addEventListener("channel.infochanged", (e) => {
    const status = e.detail.data.agentStatus?.status;
    if (status) report(`event channel.infochanged ${status}`);
  });
  const call = session.once("interaction.created");
  await session.connect();
  report(`connected ${session.connectionState}`);
  if (session.tabs.mode === "share") report(`tabs via ${session.tabs.via}`);
  const tel = session.channels().find((c) => c.type === "TELEPHONY");
  if (!tel) throw new Error("no TELEPHONY channel");
  await session.activate(tel, { until: "applied" });
  await session.ready(tel, { until: "applied" });
  report(`ready ${session.channel(tel.target).agentStatus}`);
  if (session.notReadyReasons().length === 0) await session.requestNotReadyReasons({ until: "applied" });
  const reason = session.notReadyReasons().find((r) => r.selectable);
  if (!reason) throw new Error("no selectable not-ready reason");
  await session.notReady(tel, { reasonCode: reason.code, until: "applied" });
  const after = session.channel(tel.target);
  report(`notready ${after.agentStatus} ${after.lastReasonCode} (${reason.code})`);
  await waiting();
  const created = await call;
  report(`event interaction.created ${created.detail.target}`);
}

/** Runs the flow in a page: `?ws=…&agent=…`; lines go to `#out`, its `data-step` says where it is. */
export async function runInPage(sdk) {
  const out = document.getElementById("out");
  const q = new URLSearchParams(location.search);
  const report = (line) => (out.textContent += `${line}\n`);
  try {
    // `&tabs=share`: the tabs option, whose SharedWorker (pkg/worker.js) the bundler must
    // emit from the package's `new SharedWorker(new URL("./worker.js", import.meta.url))`.
    const tabs = q.get("tabs") ? { tabs: q.get("tabs") } : {};
    const session = await openSession(sdk, { url: q.get("ws"), agent: { id: q.get("agent"), password: "pass" }, onExistingSession: "replace", ...tabs });
    await agentFlow(session, report, async () => (out.dataset.step = "waiting"));
    out.dataset.step = "done";
  } catch (e) {
    report(`error ${e?.kind ?? ""} ${e?.code ?? ""} ${e?.message ?? e}`);
    out.dataset.step = "error";
  }
}
