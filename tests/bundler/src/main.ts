// A sample app built by Vite against the package built with `--target bundler`: it must
// bundle, and in a browser it creates a session and reports the SDK's event names.
import { AgentSession, AgentwireError } from "agentwire";

const out = document.getElementById("out")!;
try {
  new AgentSession({ url: "ws://example.com/ws", agent: { id: "1" } });
} catch (e) {
  out.dataset.error = e instanceof AgentwireError ? `${e.kind}:${e.argument}` : String(e);
}
const session = new AgentSession({ url: "ws://127.0.0.1:9/ws", agent: { id: "4001", password: "pass" } });
out.textContent = `events:${AgentSession.eventNames().length} state:${session.connectionState}`;
