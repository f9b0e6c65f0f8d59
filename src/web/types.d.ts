// ---- agentwire: data types, events and the typed event map (src/web/types.d.ts) ----
// This text is the package's TypeScript surface beyond what wasm-bindgen generates. A host
// test (tests/typescript.rs) checks it against the Rust enums: every protocol event and every
// command has its entry here, so the types cannot lag the runtime. tests/tables.rs checks the
// error kinds and codes, tests/shapes.rs the snapshot and event-data shapes, both ways.

/** Connection states, in the order a session goes through them. */
export type ConnectionState = "idle" | "connecting" | "open" | "initializing" | "ready" | "reconnecting" | "closed";

/** Why a command failed. */
export type AgentwireErrorKind = "failure" | "timeout" | "disconnected" | "invalidArgument" | "closed";

/** `AgentwireError.code`: agentwire's own codes, a close reason's code, or the server's failure code. */
export type AgentwireErrorCode = "TIMEOUT" | "DISCONNECTED" | "INVALID_ARGUMENT" | CloseReasonCode;

/** Why a session ended. */
export type CloseReasonKind =
  | "closed" | "loggedOut" | "replaced" | "declined" | "refused" | "noProcessor" | "connectFailed" | "reconnectExhausted";

/** The code of a close reason: agentwire's own, or the server's code when it refused a bootstrap step (`refused`). */
export type CloseReasonCode =
  | "CLOSED" | "LOGGED_OUT" | "REPLACED" | "OVERRIDE_DECLINED" | "NO_PROCESSOR" | "CONNECT_FAILED" | "RECONNECT_EXHAUSTED"
  | (string & {});

/**
 * Why a session is reconnecting (`connectionchange`'s `cause`): the socket closed or went
 * silent, the browser went offline (no attempt until it is online again), the socket did not
 * answer the check after the page woke up, or the page went into the back/forward cache.
 */
export type LostCauseCode = "CONNECTION_LOST" | "OFFLINE" | "PROBE_FAILED" | "SUSPENDED";

/** What a server did wrong (`protocolerror`). */
export type ProtocolErrorKind =
  | "malformed" | "unmatchedResponse" | "duplicateResponse" | "lateResponse" | "originalMismatch" | "unexpectedMessage"
  | "invalidEvent" | "suppressed" | "budgetExceeded";

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
  /**
   * Command-name generation (WIRE-PROFILE §4), `legacy` by default. A command the server
   * answers with `UNKNOWN_COMMAND` goes again once in the other spelling, and the session then
   * keeps that dialect.
   */
  dialect?: "legacy" | "current";
  /** Default time a command may take, in ms (default 10000). */
  requestTimeoutMs?: number;
  /**
   * Bytes the session model's carried data may hold in all (attached data, dispositions,
   * scripts, address books, members; default 67108864, i.e. 64 MiB, clamped to 1 MiB–1 GiB).
   * Past it the oldest is dropped and a `budgetExceeded` protocol error says how much.
   */
  maxModelBytes?: number;
  /** Keep-alive ping after this much server silence, in ms (default 30000; 0 turns it off). */
  keepAliveMs?: number;
  /**
   * After the page was away (the computer asleep, the page frozen, hidden or in the
   * back/forward cache), the socket must answer a ping within this many ms, or the session
   * reconnects (default 1000; commands wait meanwhile).
   */
  wakeProbeMs?: number;
  /**
   * Longest start-up (and resync after a reconnect), from `session.start` to the initialized
   * session, in ms (default 30000). Past it the connection counts as lost and is retried.
   */
  startupTimeoutMs?: number;
  /**
   * Longest wait for the answer to the `confirm` prompt, in ms (default 30000); unanswered,
   * the other session is kept and this one closes (`overrideDeclined`).
   */
  confirmTimeoutMs?: number;
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
  /**
   * The locale of the reason labels in `getSnapshot()` and the default of
   * `notReadyReasons()` / `logoutReasons()` (a BCP 47 tag such as `de-CH`; default: the
   * browser's language).
   */
  locale?: string;
  /**
   * `"own"` (default): this tab has its own connection, and a second tab of the agent meets
   * the existing session as `onExistingSession` says. `"share"`: one connection per agent, URL
   * and origin, shared by every tab of the desktop that sets it. Where the browser has a
   * `SharedWorker` and it starts (the package's `worker.js`; a CSP needs `worker-src 'self'`),
   * the worker holds the socket and the engine, and every tab forwards its commands to it and
   * receives every event and snapshot over the worker's port; the worker's session closes
   * when the last tab has gone. Else one tab (the leader, chosen with Web Locks) holds the
   * socket and the others talk to it over a `BroadcastChannel`; when the leader closes or
   * crashes, another tab takes over and resyncs. With neither, it is `"own"`. What the tab's
   * options hold that cannot cross to the worker (the `logger`) stays in the tab: the
   * worker's log lines are written by each tab's `logger` (else its console) at its own
   * `logLevel`, from the level of the tab that started the worker. `"share-locks"`: shared,
   * always by election (no worker: the first tab's `connect()` is ready sooner, by the
   * worker's start; a tab holding the connection that closes costs a reconnect). See
   * {@link AgentSession.tabs}.
   */
  tabs?: "own" | "share" | "share-locks";
}

/** How this tab takes part in the agent's connection ({@link AgentSession.tabs}). */
export interface TabsInfo {
  /** `"share"` when the option asked for it and the browser can (a `SharedWorker`, or Web Locks and `BroadcastChannel`), else `"own"`. */
  readonly mode: "own" | "share";
  /**
   * Where the shared connection lives: `"worker"`, the package's `SharedWorker`; `"locks"`, a
   * tab elected with Web Locks (`"share-locks"`, or the browser has no `SharedWorker`, or it
   * did not start: its `error` event, the page's CSP, no answer within 3 s, or it ended under
   * the tabs); `null` with `"own"`.
   */
  readonly via: "worker" | "locks" | null;
  /**
   * `"leader"`: this tab holds the connection; `"follower"`: another tab or the worker does
   * (with `via: "worker"` every tab is a follower); `null`: not connected yet (or `"own"`).
   */
  readonly role: "leader" | "follower" | null;
  /** The tabs sharing the session, this one included, as the leader or the worker counted them (1 with `"own"`). */
  readonly count: number;
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

/**
 * The whole model, immutable; from `getSnapshot()`. Its reason lists are display-ready: each
 * entry has the `label` for the `locale` option (else the browser's language), as
 * `notReadyReasons()` and `logoutReasons()` give them.
 */
export interface SessionSnapshot {
  readonly connectionState: ConnectionState; readonly id: string | null; readonly session: SessionInfo | null;
  readonly channelGroups: readonly ChannelGroup[]; readonly channels: readonly Channel[]; readonly interactions: readonly Interaction[];
  readonly conversations: readonly Conversation[]; readonly notReadyReasons: readonly NotReadyReason[];
  readonly logoutReasons: readonly LogoutReason[]; readonly addressBooks: readonly AddressBook[];
}

/** A replay step's model (`AgentSession.replay`): the snapshot without the connection, reasons as the server sent them. */
export interface ModelSnapshot {
  readonly session: SessionInfo | null; readonly channelGroups: readonly ChannelGroup[]; readonly channels: readonly Channel[];
  readonly interactions: readonly Interaction[]; readonly conversations: readonly Conversation[];
  readonly notReadyReasons: readonly ReasonCodeWire[]; readonly logoutReasons: readonly LogoutReasonWire[];
  readonly addressBooks: readonly AddressBook[];
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

/** The `data` of a success response that echoes an empty request. */
export type EmptyData = Record<string, never>;
/** The echoed `channeloptions` of `activate`, `activateGroup`, `activateAll`. */
export interface ActivateData { channeloptions?: { queue?: string } }
/** The echoed `channelOptions` of `deactivate`, `deactivateAll`. */
export interface DeactivateData { channelOptions?: { queue?: string; reason?: string } }
/** The echoed data of `notReady` and `afterCallWork`, as on the wire. */
export interface NotReadyData { reasoncode: string; reasondesc?: string }
/** The echoed data of `dial` and `consult`. */
export interface DialData { destination: string; extensions?: Record<string, unknown> }

/**
 * What each command method's Promise resolves with: the `data` of the server's success
 * response (PROTOCOL.md 1.4: a copy of the request's `data` as it went on the wire, unless
 * the command says otherwise; §3 per command). With `until: "applied"` the same value, once
 * the model shows the change. A server whose data does not have the documented shape still
 * resolves the command, with its data as it came (README, "Response data").
 */
export interface CommandResults {
  ready: EmptyData;
  notReady: NotReadyData;
  afterCallWork: NotReadyData;
  activate: ActivateData;
  deactivate: DeactivateData;
  dial: DialData;
  getScripts: { scripts: Script[] };
  activateGroup: ActivateData;
  activateAll: ActivateData;
  deactivateAll: DeactivateData;
  addChannel: { channel: { endpoint: string; type: string } };
  addChannelGroup: { channelgroup: { name: string } };
  requestNotReadyReasons: EmptyData;
  requestLogoutReasons: EmptyData;
  addressBook: { addressbooks: AddressBook[] };
  agentLegConnect: EmptyData;
  agentLegDisconnect: EmptyData;
  accept: EmptyData;
  answer: EmptyData;
  consult: DialData;
  consultTransfer: EmptyData;
  consultConference: EmptyData;
  startRecording: EmptyData;
  stopRecording: EmptyData;
  pauseRecording: EmptyData;
  resumeRecording: EmptyData;
  signal: SignalParams;
  /** `session.request.logout`'s success has no `data` (PROTOCOL.md 3.1). */
  logout: void;
}

/** `detail` of the protocol event `N` (and of its `protocolevent` copy). */
export interface ProtocolEventDetail<N extends ProtocolEventName> {
  /** The event name. */
  readonly name: N;
  /** Dotted target of the object that emitted it. */
  readonly target: string;
  /** The event's data (parsed on first access). */
  readonly data: ProtocolEventData[N];
  /**
   * Snapshot of the model object at `target`, read on first access (read it in the listener
   * for the state right after the event); `null` when the model holds no such object.
   */
  readonly object: ProtocolEventObject[N] | null;
}

/** The `detail` of any protocol event: narrow it by `name` (`if (d.name === "channel.infochanged") d.data.state`). */
export type AnyProtocolEventDetail = { [N in ProtocolEventName]: ProtocolEventDetail<N> }[ProtocolEventName];

/**
 * The model object at the target of each protocol event (`detail.object`). Creation events
 * may target the new object or its parent (both readings are accepted: README, "Protocol
 * decisions"), so theirs is either.
 */
export interface ProtocolEventObject {
  "session.initialized": SessionInfo;
  "session.externalnotreadyreasons.updated": SessionInfo;
  "session.externallogoutreasons.updated": SessionInfo;
  "session.incontact.agentleg.failed": SessionInfo;
  "session.agentleg.failed": SessionInfo;
  "session.agentleg.connected": SessionInfo;
  "session.agentleg.disconnected": SessionInfo;
  "session.incontact.agentleg.connected": SessionInfo;
  "session.incontact.agentleg.disconnected": SessionInfo;
  "session.incontact.addressbook.updated": SessionInfo;
  "channelgroup.created": SessionInfo | ChannelGroup;
  "channelgroup.initialized": ChannelGroup;
  "channel.created": SessionInfo | ChannelGroup | Channel;
  "channel.infochanged": Channel;
  "channel.initialized": Channel;
  "channel.externaldispositions.updated": Channel;
  "state.updated": Channel | Interaction | Conversation;
  "interaction.created": Channel | Interaction;
  "interaction.preview": Interaction;
  "interaction.initialized": Interaction;
  "interaction.datachanged": Interaction;
  "interaction.focuschanged": Interaction;
  "interaction.ended": Interaction;
  "conversation.created": Interaction | Conversation;
  "conversation.member.added": Conversation;
  "conversation.initialized": Conversation;
  "conversation.disposed": Conversation;
}

/** `data` of each protocol event, by name. */
export interface ProtocolEventData {
  /** End of initialization: the model is complete. Always last of the start sequence (and of a reconnect's re-announcement). */
  "session.initialized": Record<string, never>;
  /** The not-ready reason codes (see `notReadyReasons()` for localised labels). */
  "session.externalnotreadyreasons.updated": { reasonCodes: ReasonCodeWire[] };
  /** The logout reasons (see `logoutReasons()`). */
  "session.externallogoutreasons.updated": { logoutReasons: LogoutReasonWire[] };
  /** The InContact agent leg could not be connected. */
  "session.incontact.agentleg.failed": { error?: string };
  /** The agent leg could not be connected (the other documented spelling). */
  "session.agentleg.failed": { error?: string };
  /** The InContact agent leg is connected. */
  "session.agentleg.connected": Record<string, never>;
  /** The InContact agent leg is disconnected. */
  "session.agentleg.disconnected": Record<string, never>;
  /** The agent leg is connected (the `incontact` spelling, accepted by analogy: INFERRED). */
  "session.incontact.agentleg.connected": Record<string, never>;
  /** The agent leg is disconnected (the `incontact` spelling, accepted by analogy: INFERRED). */
  "session.incontact.agentleg.disconnected": Record<string, never>;
  /** The address book changed (after `addressBook({ realtime: true })`). */
  "session.incontact.addressbook.updated": { addressbooks: AddressBook[] };
  /** A channel group was created (INFERRED name; target the session). */
  "channelgroup.created": { channelgroup: { id: string; name?: string } };
  /** A channel group finished initializing (INFERRED name; target the group). */
  "channelgroup.initialized": Record<string, never>;
  /** A channel was created (target the session, or its group). */
  "channel.created": { channel: { id: string; name?: string; type?: string; modelType?: string } };
  /** A channel's state and/or the agent's status on it changed. */
  "channel.infochanged": { state?: ChannelState; agentStatus?: { status: AgentStatus; lastReasonCode?: string; lastReasonName?: string } };
  /** A channel finished initializing. */
  "channel.initialized": Record<string, never>;
  /** A channel's disposition codes (INFERRED payload). */
  "channel.externaldispositions.updated": { dispositions: Disposition[] };
  /** The state of the channel, interaction or conversation named by `target` (`recording` for interactions is INFERRED). */
  "state.updated": { state: string; recording?: string };
  /** A new interaction on a channel. */
  "interaction.created": { interaction: { id: string; type?: string; direction?: string } };
  /** An interaction awaits acceptance (`accept()` or `answer()`). */
  "interaction.preview": Record<string, never>;
  /** An interaction finished its creation sequence. */
  "interaction.initialized": Record<string, never>;
  /** An interaction's attached data changed (merged into `interaction.data`). */
  "interaction.datachanged": { data: Record<string, unknown> };
  /** The interaction's active conversation changed. */
  "interaction.focuschanged": { conversation: string };
  /** The interaction ended for the agent (its conversations are gone). */
  "interaction.ended": Record<string, never>;
  /** A new conversation (call leg) of an interaction. */
  "conversation.created": { conversation: { id: string; kind?: string } };
  /** A member joined a conversation. */
  "conversation.member.added": { member: Member };
  /** A conversation finished its creation sequence. */
  "conversation.initialized": Record<string, never>;
  /** A conversation ended. */
  "conversation.disposed": Record<string, never>;
}
export type ProtocolEventName = keyof ProtocolEventData;

export interface ConnectionChangeDetail {
  state: ConnectionState; attempt: number; retryInMs: number | null;
  reason: { kind: CloseReasonKind; code: CloseReasonCode; message: string } | null;
  /**
   * While reconnecting (and through the states of each attempt): why the connection was lost,
   * for the page to show; `null` when ready, closed, or connecting for the first time.
   */
  cause: { code: LostCauseCode; message: string } | null;
  /** `allowInsecure` let the socket go in plain text (`ws:`) to a host that is not loopback. */
  insecure: boolean;
}
export interface ConfirmDetail { message: string; accept(): void; decline(): void }
/**
 * A server message the SDK could not use. `malformed`: not JSON, not an object, or an envelope
 * member missing or of the wrong type. `invalidEvent`: an event the model cannot apply (unknown
 * object, another session, invalid id, a limit), or a known event whose `data` does not have
 * the documented shape; either way still dispatched (raw `data`; `object` null where no object
 * matches), model unchanged. `budgetExceeded`: the server's data passed `maxModelBytes`, and
 * the oldest attached data, dispositions, scripts, address books or members were dropped.
 */
export interface ProtocolErrorDetail {
  kind: ProtocolErrorKind;
  message: string; frame: string | null;
}
export interface ResyncedDetail { removed: number }
export interface CommandCompleteDetail {
  id: number; command: string; target: string | null; ok: boolean; elapsedMs: number;
  error: { kind: AgentwireErrorKind; code: AgentwireErrorCode; message: string } | null;
}

/**
 * Event types of your own, for the typed methods: declare them by augmenting this interface
 * (the explicitly typed escape hatch; a name outside the map does not compile, so a typo
 * such as `"chanel.infochanged"` is caught):
 *
 * ```ts
 * declare module "agentwire" {
 *   interface AgentwireCustomEvents { "session.newthing": CustomEvent<{ name: string; target: string; data: { x: number } }> }
 * }
 * ```
 *
 * Untyped, any name works on the raw target: `session.events.addEventListener(name, …)`.
 */
export interface AgentwireCustomEvents {}

/** Every event an `AgentSession` dispatches, with its `detail`. */
export type AgentwireEventMap = {
  [N in ProtocolEventName]: CustomEvent<ProtocolEventDetail<N>>;
} & {
  connectionchange: CustomEvent<ConnectionChangeDetail>;
  confirm: CustomEvent<ConfirmDetail>;
  protocolerror: CustomEvent<ProtocolErrorDetail>;
  resynced: CustomEvent<ResyncedDetail>;
  commandcomplete: CustomEvent<CommandCompleteDetail>;
  /**
   * A copy of every protocol event, with the same `detail` (which carries the `name`).
   * Events of names this version does not know come too, with their name, raw `data` and
   * `object: null` where the model holds nothing at their target.
   */
  protocolevent: CustomEvent<AnyProtocolEventDetail>;
} & AgentwireCustomEvents;

/** A name of {@link AgentwireEventMap}. */
export type AgentwireEventName = keyof AgentwireEventMap & string;

/** Options of `once()`. */
export interface OnceOptions {
  /** Rejects with `signal.reason` (an `AbortError` by default) when it aborts. */
  signal?: AbortSignal;
  /** Rejects with an `AgentwireError` of kind `timeout` when no such event came within this many ms. */
  timeoutMs?: number;
}

export interface AgentSession {
  /** Listens for an agentwire event, typed by name (other names: see {@link AgentwireCustomEvents}). */
  addEventListener<K extends AgentwireEventName>(type: K, listener: (this: AgentSession, ev: AgentwireEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  /** Removes a listener. */
  removeEventListener<K extends AgentwireEventName>(type: K, listener: (this: AgentSession, ev: AgentwireEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  /**
   * Resolves with the next event of `type`. Rejects with `signal.reason` when `signal`
   * aborts, and with an `AgentwireError` of kind `timeout` after `timeoutMs`; the listener
   * is removed either way.
   */
  once<K extends AgentwireEventName>(type: K, options?: OnceOptions): Promise<AgentwireEventMap[K]>;
  /**
   * The events of `type` as an async iterator, for tests and scripts
   * (`for await (const e of session.on("protocolevent")) …`). Events are buffered from this
   * call on, so none is lost between iterations (keep iterating, or stop: the buffer has no
   * bound). It ends when the session closes (after what it buffered), when `signal` aborts,
   * or on `break`; its listener goes with it.
   */
  on<K extends AgentwireEventName>(type: K, options?: { signal?: AbortSignal }): AsyncIterableIterator<AgentwireEventMap[K]>;
  /**
   * With `tabs: "share"`: where the connection lives, this tab's role and how many tabs share
   * the session (the leader or the worker counts them from their hello, heartbeat and goodbye
   * messages; the others read its count). Read it after `connectionchange` or on a timer: a
   * change of count dispatches nothing.
   */
  readonly tabs: TabsInfo;
}

export interface AgentwireError extends Error {}
