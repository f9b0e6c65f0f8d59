// agentwire/react under <StrictMode> (plain JS, no JSX): one component owns the session
// (useAgentSession), renders from the snapshot (useAgentSnapshot) and listens to events
// (useAgentEvent); a button unmounts it, which must close the session. run.mjs checks the
// lines in #out, that StrictMode's double effects (development only: the dev server) opened
// one WebSocket, and the close.
import { createElement as h, StrictMode, useEffect, useRef, useState, version } from "react";
import { createRoot } from "react-dom/client";
import { useAgentEvent, useAgentSession, useAgentSnapshot } from "agentwire/react";

const q = new URLSearchParams(location.search);
const options = { url: q.get("ws"), agent: { id: q.get("agent"), password: "pass" }, onExistingSession: "replace" };
const selectState = (s) => s.connectionState;
const selectTelephony = (s) => s.channels.find((c) => c.type === "TELEPHONY") ?? null;

function Desk({ report, setStep }) {
  const { session, error } = useAgentSession(options);
  const state = useAgentSnapshot(session, selectState);
  const tel = useAgentSnapshot(session, selectTelephony);
  const started = useRef(false);
  useAgentEvent(session, "channel.infochanged", (e) => {
    const status = e.detail.data.agentStatus?.status;
    if (status) report(`event channel.infochanged ${status}`);
  });
  useAgentEvent(session, "interaction.created", (e) => {
    report(`event interaction.created ${e.detail.target}`);
    setStep("done");
  });
  useEffect(() => {
    window.__session = session; // for run.mjs: the session must be closed after unmount
  }, [session]);
  useEffect(() => {
    window.__mounts = (window.__mounts ?? 0) + 1; // 2 in development: StrictMode ran the effects twice
  }, []);
  useEffect(() => {
    if (error) {
      report(`error ${error.kind ?? ""} ${error.code ?? ""} ${error.message ?? error}`);
      setStep("error");
    }
  }, [error]);
  useEffect(() => {
    if (state !== "ready" || !tel || started.current) return;
    started.current = true;
    report(`connected ${state}`);
    (async () => {
      await session.activate(tel, { until: "applied" });
      await session.ready(tel, { until: "applied" });
      report(`ready ${session.channel(tel.target).agentStatus}`);
      if (session.notReadyReasons().length === 0) await session.requestNotReadyReasons({ until: "applied" });
      const reason = session.notReadyReasons().find((r) => r.selectable);
      await session.notReady(tel, { reasonCode: reason.code, until: "applied" });
      const after = session.channel(tel.target);
      report(`notready ${after.agentStatus} ${after.lastReasonCode} (${reason.code})`);
      setStep("waiting");
    })().catch((e) => {
      report(`error ${e?.kind ?? ""} ${e?.code ?? ""} ${e?.message ?? e}`);
      setStep("error");
    });
  }, [state, tel, session]);
  // Rendered from the snapshot: re-renders when the model changes.
  return h("p", { id: "status" }, tel ? `snapshot ${state} ${tel.state} ${tel.agentStatus} ${tel.lastReasonCode ?? "-"}` : `snapshot ${state ?? "none"}`);
}

function App() {
  const [lines, setLines] = useState([]);
  const [step, setStep] = useState("running");
  const [mounted, setMounted] = useState(true);
  const report = (line) => setLines((l) => [...l, line]);
  return h(
    "div",
    null,
    h("p", { id: "react" }, `react ${version}`),
    mounted ? h(Desk, { report, setStep }) : h("p", { id: "unmounted" }, "unmounted"),
    h("button", { id: "unmount", onClick: () => setMounted(false) }, "unmount"),
    h("pre", { id: "out", "data-step": step }, lines.map((l) => `${l}\n`).join("")),
  );
}

createRoot(document.getElementById("root")).render(h(StrictMode, null, h(App)));
