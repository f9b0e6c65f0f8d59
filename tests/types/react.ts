// Type test of agentwire/react (pkg/react.d.ts): checked by `tsc -p tests/types` with the rest.
import { useAgentEvent, useAgentSession, useAgentSnapshot } from "../../pkg/react.js";
import type { Channel, SessionSnapshot } from "../../pkg/agentwire.js";

export function Desk(): string {
  const { session, error } = useAgentSession({ url: "ws://127.0.0.1:8787/ws", agent: { id: "4001", password: "pass" } }, { connect: false });
  const snapshot: SessionSnapshot | null = useAgentSnapshot(session);
  const channels: readonly Channel[] | null = useAgentSnapshot(session, (s) => s.channels);
  const state = useAgentSnapshot(session, (s) => s.connectionState);
  useAgentEvent(session, "channel.infochanged", (e) => {
    const status: string | undefined = e.detail.data.agentStatus?.status;
    void status;
  });
  useAgentEvent(session, "connectionchange", (e) => void e.detail.state);
  // @ts-expect-error: the options need an agent
  useAgentSession({ url: "ws://127.0.0.1:8787/ws" });
  // @ts-expect-error: a selector takes a snapshot
  useAgentSnapshot(session, (s: number) => s);
  // @ts-expect-error: channel.infochanged data has no `reason`
  useAgentEvent(session, "channel.infochanged", (e) => e.detail.data.reason);
  // @ts-expect-error: a misspelt event name does not compile
  useAgentEvent(session, "chanel.infochanged", () => {});
  // @ts-expect-error: the result may be null before the session exists
  const notNull: SessionSnapshot = useAgentSnapshot(session);
  void notNull;
  void error;
  return `${snapshot?.connectionState} ${channels?.length} ${state}`;
}
