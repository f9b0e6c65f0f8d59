// The declarations of the methods and properties of `AgentSession` that are JS over the one
// wasm export `__call` of `src/web/session.rs` (`js/entry.js` defines the methods from `CALLS`,
// and `connect`, `close` and the properties `agentId`, `connectionState` and `id`; `once`, `on`
// and `takeOver` are declared elsewhere or not at all): `scripts/entry.mjs` puts them into the
// class as it does `js/commands.d.ts`.
    /**
     * Closes the session for good: pending commands reject with kind `closed`, timers stop,
     * the socket closes, and a later {@link AgentSession.connect} rejects as `closed` (make
     * a new session to log in again). Does not log the agent out (use
     * {@link AgentSession.logout}). The session's memory stays until it is garbage
     * collected, or until {@link AgentSession.free}.
     */
    close(): void;
    /**
     * Answers the override prompt (same as `detail.accept()` / `detail.decline()` of the
     * `confirm` event). Returns whether a prompt was waiting.
     */
    confirmOverride(accept: boolean): boolean;
    /**
     * Connects: binds the processor, prepares and starts the session. Resolves (with
     * `undefined`) when `session.initialized` has arrived (state `ready`); rejects with kind
     * `closed` when the server refuses (see `error.reason`, `error.code`) or cannot be
     * reached, and at once after {@link AgentSession.close} (reason `closed`): a closed
     * session stays closed. After a close the page did not ask for (logout, `replaced`,
     * `refused`, `connectFailed`, `reconnectExhausted`, …) `connect()` starts again.
     */
    connect(): Promise<void>;
    /**
     * With the `record: true` option: the recording of this session so far (every frame
     * and timer tick, the password blanked), as JSON text for a bug report.
     */
    exportRecording(): string | undefined;
    /**
     * Calls `listener()` after every change of the model or the connection state; returns
     * the function that unsubscribes. With {@link AgentSession.getSnapshot} this is the
     * contract of React's `useSyncExternalStore`, Svelte stores and signals.
     *
     * # Errors
     * A `TypeError` when `listener` is not a function.
     */
    subscribe(listener: () => void): () => void;
    /**
     * The agent this session logs in (`agent.id` of the options).
     */
    readonly agentId: string;
    /**
     * `idle | connecting | open | initializing | ready | reconnecting | closed`.
     */
    readonly connectionState: ConnectionState;
    /**
     * The session id (the resource id), once prepared.
     */
    readonly id: string | undefined;
