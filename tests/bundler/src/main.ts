// A sample app built by Vite against the package built with `--target bundler`: it must
// bundle, and in a browser it creates a session (with `AgentSession.create`, as with the web
// target) and reports the SDK's event names and, through the bound `getSnapshot`, its state.
import { AgentSession, AgentwireError } from "agentwire";

const out = document.getElementById("out")!;
try {
  await AgentSession.create({ url: "ws://example.com/ws", agent: { id: "1" } });
} catch (e) {
  out.dataset.error = e instanceof AgentwireError ? `${e.kind}:${e.argument}` : String(e);
}
const session = await AgentSession.create({ url: "ws://127.0.0.1:9/ws", agent: { id: "4001", password: "pass" } });
const { getSnapshot } = session;
out.textContent = `events:${AgentSession.eventNames().length} state:${getSnapshot().connectionState}`;
