// The declarations of the model reads of `AgentSession`, which are JS (`src/web/js/entry.js`
// defines them from `READS`, over the one wasm export `__call`; `src/web/reads.rs`):
// `scripts/entry.mjs` puts them into the class as it does `js/commands.d.ts`.
    /**
     * The address books from the last request or update.
     */
    addressBooks(): AddressBook[];
    /**
     * Snapshots of the channel groups.
     */
    channelGroups(): ChannelGroup[];
    /**
     * The channel with this target, or `undefined`.
     */
    channel(target: string): Channel | undefined;
    /**
     * Plain JS snapshots of every channel (`{id, target, group, name, type, state,
     * agentStatus, lastReasonCode, lastReasonName, …}`).
     */
    channels(): Channel[];
    /**
     * An immutable (deep-frozen) snapshot of the whole model and the connection state. Its
     * identity changes only when something changed, so it can be compared with `===`. Its
     * reason lists are display-ready (`label` for the `locale` option, else the browser's
     * language), as {@link AgentSession.notReadyReasons} gives them.
     */
    getSnapshot(): SessionSnapshot;
    /**
     * Snapshots of the interactions, each with its `conversations`.
     */
    interactions(): Interaction[];
    /**
     * The logout reasons, with labels chosen as for {@link AgentSession.notReadyReasons}.
     */
    logoutReasons(options?: { locale?: string }): LogoutReason[];
    /**
     * The not-ready reasons, each with the `label` for `locale` (default: the `locale`
     * option, else the browser's language), falling back to the language alone, then to
     * the first label.
     */
    notReadyReasons(options?: { locale?: string }): NotReadyReason[];
    /**
     * The snapshot of any object by target (session, group, channel, interaction,
     * conversation), or `null`.
     */
    object(target: string): Channel | ChannelGroup | Interaction | Conversation | SessionInfo | null;
