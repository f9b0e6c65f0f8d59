// The declarations of `AgentSession.dispatchEvent` and `events`, which are JS
// (`src/web/js/entry.js`, over the export `__target`): `scripts/entry.mjs` puts them into the
// class as it does `js/commands.d.ts`. (`addEventListener` and `removeEventListener`, JS too, are declared by
// the typed `AgentSession` interface of `src/web/types.d.ts`.)
    /**
     * Like `EventTarget.dispatchEvent`.
     */
    dispatchEvent(event: Event): boolean;
    /**
     * The `EventTarget` events are dispatched on: the untyped escape hatch for event names
     * outside {@link AgentwireEventMap} (`session.events.addEventListener(name, …)`).
     */
    readonly events: EventTarget;
