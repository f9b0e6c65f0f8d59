// ---- agentwire: data types, events and the typed event map (src/web/types.d.ts) ----
// This text is the package's TypeScript surface beyond what wasm-bindgen generates. A host
// test (tests/typescript.rs) checks it against the Rust enums: every protocol event and every
// command has its entry here, so the types cannot lag the runtime.

/** Connection states, in the order a session goes through them. */
export type ConnectionState = "idle" | "connecting" | "open" | "initializing" | "ready" | "reconnecting" | "closed";

/** Why a command failed. */
export type AgentwireErrorKind = "failure" | "timeout" | "disconnected" | "invalidArgument" | "closed";

/** Why a session ended. */
export type CloseReasonKind =
  | "closed" | "loggedOut" | "replaced" | "declined" | "refused" | "noProcessor" | "connectFailed" | "reconnectExhausted";

/** Options of `new AgentSession(options)`. */
export interface AgentSessionOptions {
  /** WebSocket URL of the interaction processor. `wss:` is required except for loopback hosts or with `allowInsecure`. */
  url: string;
  /** The agent's credentials (sent in `prepareSession` only; never logged or recorded). */
  agent: { id: string; password?: string };
  /** Call model for `prepareSession`. */
  model?: string;
  /** The processor's service id; skips Service Monitor discovery. */
  serviceId?: string;
  /** Only choose processors of this `instance-domain`. */
  instanceDomain?: string;
  /** Command-name generation the server speaks (default `"legacy"`). */
  dialect?: "legacy" | "current";
  /** Default time a command may take, in ms (default 10000). */
  requestTimeoutMs?: number;
  /** Keep-alive ping after this much server silence, in ms (default 30000; 0 turns it off). */
  keepAliveMs?: number;
  /** Reconnection after an unexpected loss (default on: 500 ms initial, 30 s cap, unlimited), or `false`. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number } | false;
  /** Allow `ws:` to a non-loopback host. */
  allowInsecure?: boolean;
  /** When the agent already has a session: dispatch `confirm` (default), replace it, or fail. */
  onExistingSession?: "prompt" | "replace" | "fail";
  /** Log level (default `"warn"`). */
  logLevel?: "debug" | "info" | "warn" | "error" | "silent";
  /** Where logs go (default: `console`). Credentials are never logged. */
  logger?: Partial<Record<"debug" | "info" | "warn" | "error", (message: string, context?: unknown) => void>>;
  /** Largest frame accepted, in bytes (default 4 MiB). */
  maxFrameBytes?: number;
  /** Most commands waiting or in flight (default 1000). */
  maxPendingCommands?: number;
  /** Keep a recording of every input for `exportRecording()` (default false). */
  record?: boolean;
}

/** Options every command takes. */
export interface CallOptions {
  /** `"accepted"` (default): resolve on the success response. `"applied"`: resolve once the confirming event has updated the model. */
  until?: "accepted" | "applied";
  /** Override the request timeout, in ms. */
  timeoutMs?: number;
}

export type ChannelState = "INACTIVE" | "UNAVAILABLE" | "ACTIVE" | (string & {});
export type AgentStatus =
  | "ready" | "not_ready" | "after_call_work" | "busy" | "busy_ready" | "busy_not_ready" | "busy_after_call_work" | (string & {});
export type InteractionState = "ALERTING" | "DIALING" | "STARTED" | "ENDED" | "COMPLETED" | (string & {});

export interface SessionInfo { id: string; initialized: boolean; agentLeg: "connected" | "disconnected" | "failed" | null; agentLegError: string | null }
export interface ChannelGroup { id: string; target: string; name: string | null; state: string | null; initialized: boolean }
export interface Script { scriptId: string; scriptName: string }
export interface Label { language?: string; country?: string; name: string; description?: string }
export interface Disposition { dispositionId: string; dispositionCode?: string; labels?: Label[] }
export interface Channel {
  id: string; target: string; group: string | null; name: string | null; type: string | null; modelType: string | null;
  state: ChannelState; agentStatus: AgentStatus | null; lastReasonCode: string | null; lastReasonName: string | null;
  initialized: boolean; dispositions: Disposition[]; scripts: Script[] | null;
}
export interface Member { id: string; name?: string; role?: string; address?: string }
export interface Conversation { id: string; target: string; interaction: string; kind: string | null; state: InteractionState | null; members: Member[]; initialized: boolean }
export interface Interaction {
  id: string; target: string; channel: string; type: string | null; direction: string | null; state: InteractionState | null;
  data: Record<string, unknown>; focus: string | null; recording: string | null; previewed: boolean; initialized: boolean;
  conversations: Conversation[];
}
export interface NotReadyReason { code: string; id: string; label: string; description: string | null; language: string | null; selectable: boolean; labels: Label[] }
export interface LogoutReason { code: string; id: string; label: string; description: string | null; language: string | null; labels: Label[] }
export interface AddressBookEntry {
  name: string; type: "external" | "agent" | "skill" | (string & {}); destinations: { label: string; value: string }[];
  properties?: { state?: string; mediaType?: string; numAvailable?: number; numUnavailable?: number; ewt?: string };
}
export interface AddressBookGroup { name: string; groups: AddressBookGroup[]; entries: AddressBookEntry[] }
export interface AddressBook { name: string; groups: AddressBookGroup[]; entries: AddressBookEntry[] }
export interface ReasonCodeWire { reasonCodeId: string; reasonCodeCode: string; selectable?: boolean; extensions?: unknown[]; labels: Label[] }
export interface LogoutReasonWire { logoutReasonId: string; logoutReasonCode: string; extensions?: unknown[]; labels: Label[] }

/** The whole model, immutable; from `getSnapshot()`. */
export interface SessionSnapshot {
  readonly connectionState: ConnectionState; readonly id: string | null; readonly session: SessionInfo | null;
  readonly channelGroups: readonly ChannelGroup[]; readonly channels: readonly Channel[]; readonly interactions: readonly Interaction[];
  readonly conversations: readonly Conversation[]; readonly notReadyReasons: readonly ReasonCodeWire[];
  readonly logoutReasons: readonly LogoutReasonWire[]; readonly addressBooks: readonly AddressBook[];
}

/** A channel: its target string or its snapshot. */
export type ChannelRef = string | { target: string };
export type ChannelGroupRef = string | { target: string };
export type InteractionRef = string | { target: string };
export type ConversationRef = string | { target: string };

export interface NotReadyArgs { reasonCode: string; reasonDesc?: string }
export interface DialArgs { destination: string; extensions?: Record<string, unknown> }
export interface AddChannelArgs { endpoint: string; type: "Telephony" | "Chat" | "Email" | (string & {}) }
export type SignalParams = Partial<Record<`p${1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20}`, string>>;
/** A session-resource request as on the wire. */
export interface WireRequest { command: string; target?: string; data?: Record<string, unknown> }

/** `detail` of a protocol event. */
export interface ProtocolEventDetail<N extends string, D> {
  /** The event name. */
  readonly name: N;
  /** Dotted target of the object that emitted it. */
  readonly target: string;
  /** The event's data (parsed on first access). */
  readonly data: D;
  /** Snapshot of the model object the event touched, read on first access (read it in the listener for the state right after the event). */
  readonly object: Channel | ChannelGroup | Interaction | Conversation | SessionInfo | null;
}

/** `data` of each protocol event, by name. */
export interface ProtocolEventData {
  "session.initialized": Record<string, never>;
  "session.externalnotreadyreasons.updated": { reasonCodes: ReasonCodeWire[] };
  "session.externallogoutreasons.updated": { logoutReasons: LogoutReasonWire[] };
  "session.incontact.agentleg.failed": { error?: string };
  "session.agentleg.failed": { error?: string };
  "session.agentleg.connected": Record<string, never>;
  "session.agentleg.disconnected": Record<string, never>;
  "session.incontact.addressbook.updated": { addressbooks: AddressBook[] };
  "channelgroup.created": { channelgroup: { id: string; name?: string } };
  "channelgroup.initialized": Record<string, never>;
  "channel.created": { channel: { id: string; name?: string; type?: string; modelType?: string } };
  "channel.infochanged": { state?: ChannelState; agentStatus?: { status: AgentStatus; lastReasonCode?: string; lastReasonName?: string } };
  "channel.initialized": Record<string, never>;
  "channel.externaldispositions.updated": { dispositions: Disposition[] };
  "state.updated": { state: string; recording?: string };
  "interaction.created": { interaction: { id: string; type?: string; direction?: string } };
  "interaction.preview": Record<string, never>;
  "interaction.initialized": Record<string, never>;
  "interaction.datachanged": { data: Record<string, unknown> };
  "interaction.focuschanged": { conversation: string };
  "interaction.ended": Record<string, never>;
  "conversation.created": { conversation: { id: string; kind?: string } };
  "conversation.member.added": { member: Member };
  "conversation.initialized": Record<string, never>;
  "conversation.disposed": Record<string, never>;
}
export type ProtocolEventName = keyof ProtocolEventData;

export interface ConnectionChangeDetail {
  state: ConnectionState; attempt: number; retryInMs: number | null;
  reason: { kind: CloseReasonKind; code: string; message: string } | null;
}
export interface ConfirmDetail { message: string; accept(): void; decline(): void }
export interface ProtocolErrorDetail {
  kind: "malformed" | "unmatchedResponse" | "duplicateResponse" | "lateResponse" | "originalMismatch" | "unexpectedMessage" | "invalidEvent" | "suppressed";
  message: string; frame: string | null;
}
export interface ResyncedDetail { removed: number }
export interface CommandCompleteDetail {
  id: number; command: string; target: string | null; ok: boolean; elapsedMs: number;
  error: { kind: AgentwireErrorKind; code: string; message: string } | null;
}

/** Every event an `AgentSession` dispatches, with its `detail`. */
export type AgentwireEventMap = {
  [N in ProtocolEventName]: CustomEvent<ProtocolEventDetail<N, ProtocolEventData[N]>>;
} & {
  connectionchange: CustomEvent<ConnectionChangeDetail>;
  confirm: CustomEvent<ConfirmDetail>;
  protocolerror: CustomEvent<ProtocolErrorDetail>;
  resynced: CustomEvent<ResyncedDetail>;
  commandcomplete: CustomEvent<CommandCompleteDetail>;
};

export interface AgentSession {
  /** Listens for an agentwire event (typed by name) or any other event type. */
  addEventListener<K extends keyof AgentwireEventMap>(type: K, listener: (this: AgentSession, ev: AgentwireEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  /** Removes a listener. */
  removeEventListener<K extends keyof AgentwireEventMap>(type: K, listener: (this: AgentSession, ev: AgentwireEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
  /** Resolves with the next event of `type`. */
  once<K extends keyof AgentwireEventMap>(type: K): Promise<AgentwireEventMap[K]>;
  once(type: string): Promise<Event>;
}

export interface AgentwireError extends Error {}
