// The declarations of the members of `AgentSession` that are JS (`src/web/js/entry.js`):
// `dispatchEvent`, `events` and the `on<event>` handler properties, over the export `__call`
// of `src/web/session.rs`. `scripts/entry.mjs` puts them into the class as it does
// `js/commands.d.ts`.
// (`addEventListener` and `removeEventListener`, JS too, are declared by the typed
// `AgentSession` interface of `src/web/types.d.ts`.)
    /**
     * Like `EventTarget.dispatchEvent`.
     */
    dispatchEvent(event: Event): boolean;
    /**
     * The `EventTarget` events are dispatched on: the untyped escape hatch for event names
     * outside {@link AgentwireEventMap} (`session.events.addEventListener(name, …)`).
     */
    readonly events: EventTarget;
    oncommandcomplete: ((e: CustomEvent<CommandCompleteDetail>) => void) | null;
    onconfirm: ((e: CustomEvent<ConfirmDetail>) => void) | null;
    onconnectionchange: ((e: CustomEvent<ConnectionChangeDetail>) => void) | null;
    onprotocolerror: ((e: CustomEvent<ProtocolErrorDetail>) => void) | null;
    onresynced: ((e: CustomEvent<ResyncedDetail>) => void) | null;
