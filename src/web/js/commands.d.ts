// The declarations of the command methods of `AgentSession` (issue 14): the methods are JS
// (`src/web/js/entry.js` defines them on the class, one line each, over the one wasm export
// `__call` of `src/web/session.rs`, from 64), so wasm-bindgen does not declare them: `scripts/entry.mjs`
// puts these blocks into the class of `agentwire.d.ts`, each where wasm-bindgen would have put it
// (by name), so the public types are as they were. One block per method of the `methods!` table
// in `src/web/commands.rs`, in any order, 4-space indented as in the class (`tests/tables.rs`).
    /**
     * `interaction.accept`: accepts an alerting interaction.
     */
    accept(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["accept"]>;
    /**
     * `channelgroup.request.activateall`: activates every channel of a group, stopping at
     * the first failure.
     */
    activateAll(group: ChannelGroupRef, options?: { queue?: string } & CallOptions): Promise<CommandResults["activateAll"]>;
    /**
     * `channelgroup.request.activate`: activates one channel of a group.
     */
    activateGroup(group: ChannelGroupRef, options?: { queue?: string } & CallOptions): Promise<CommandResults["activateGroup"]>;
    /**
     * `channel.activate`: logs the agent into a channel (optionally a queue).
     */
    activate(channel: ChannelRef, options?: { queue?: string } & CallOptions): Promise<CommandResults["activate"]>;
    /**
     * `session.addchannelgroup` (current `session.request.addchannelgroup`).
     */
    addChannelGroup(args: { name: string } & CallOptions): Promise<CommandResults["addChannelGroup"]>;
    /**
     * `session.request.addchannel` (legacy `session.addchannel`).
     */
    addChannel(args: AddChannelArgs & CallOptions): Promise<CommandResults["addChannel"]>;
    /**
     * `session.request.incontact.addressbook`: reads the address books (also kept in
     * {@link AgentSession.addressBooks}).
     */
    addressBook(options?: { realtime?: boolean } & CallOptions): Promise<CommandResults["addressBook"]>;
    /**
     * `channel.notready` with the reason code `acw`: after-call work.
     */
    afterCallWork(channel: ChannelRef, options?: { reasonDesc?: string } & CallOptions): Promise<CommandResults["afterCallWork"]>;
    /**
     * `session.request.incontact.agentleg.connect`.
     */
    agentLegConnect(options?: CallOptions): Promise<CommandResults["agentLegConnect"]>;
    /**
     * `session.request.incontact.agentleg.disconnect`.
     */
    agentLegDisconnect(options?: CallOptions): Promise<CommandResults["agentLegDisconnect"]>;
    /**
     * `conversation.answer`: answers an alerting call (preferred over accept for inbound
     * telephony).
     */
    answer(conversation: ConversationRef, options?: CallOptions): Promise<CommandResults["answer"]>;
    /**
     * `interaction.consultconference`: brings the consult party into the call.
     */
    consultConference(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["consultConference"]>;
    /**
     * `interaction.consulttransfer`: joins the original party with the consult party.
     */
    consultTransfer(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["consultTransfer"]>;
    /**
     * `interaction.request.consult` (both dialects): places a consult call
     * from an established interaction, for {@link AgentSession.consultTransfer} and
     * {@link AgentSession.consultConference}. INFERRED: PROTOCOL.md recovered no such
     * command; servers without it answer `UNKNOWN_COMMAND`.
     */
    consult(interaction: InteractionRef, args: DialArgs & CallOptions): Promise<CommandResults["consult"]>;
    /**
     * `channelgroup.request.deactivateall`: deactivates every channel of a group (going not
     * ready first where ready).
     */
    deactivateAll(group: ChannelGroupRef, options?: { queue?: string; reason?: string } & CallOptions): Promise<CommandResults["deactivateAll"]>;
    /**
     * `channel.deactivate`: logs the agent out of a channel, with an optional logout
     * reason code from {@link AgentSession.logoutReasons}.
     */
    deactivate(channel: ChannelRef, options?: { queue?: string; reason?: string } & CallOptions): Promise<CommandResults["deactivate"]>;
    /**
     * `channel.dial`: dials out on a telephony channel. Resolves with the echoed data; with
     * `until: "applied"`, once the new interaction exists.
     */
    dial(channel: ChannelRef, args: DialArgs & CallOptions): Promise<CommandResults["dial"]>;
    /**
     * `channel.request.incontact.getscripts`: the scripts of a channel (also kept on the
     * channel's snapshot).
     */
    getScripts(channel: ChannelRef, options?: CallOptions): Promise<CommandResults["getScripts"]>;
    /**
     * `session.request.logout`: ends the session (the server refuses while an interaction
     * is ongoing). On success the session closes with reason `loggedOut`.
     */
    logout(options?: CallOptions): Promise<CommandResults["logout"]>;
    /**
     * `channel.notready` with a reason code from {@link AgentSession.notReadyReasons}.
     */
    notReady(channel: ChannelRef, args: NotReadyArgs & CallOptions): Promise<CommandResults["notReady"]>;
    /**
     * `interaction.request.recording.pause` (telephony; `UNSUPPORTED` on some platforms).
     */
    pauseRecording(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["pauseRecording"]>;
    /**
     * `channel.ready`: makes the agent ready on an ACTIVE channel.
     */
    ready(channel: ChannelRef, options?: CallOptions): Promise<CommandResults["ready"]>;
    /**
     * `session.request.externallogoutreasons`: asks for the logout reasons.
     */
    requestLogoutReasons(options?: CallOptions): Promise<CommandResults["requestLogoutReasons"]>;
    /**
     * `session.request.externalnotreadyreasons`: asks for the not-ready reasons (they
     * arrive as `session.externalnotreadyreasons.updated`).
     */
    requestNotReadyReasons(options?: CallOptions): Promise<CommandResults["requestNotReadyReasons"]>;
    /**
     * `interaction.request.recording.resume`.
     */
    resumeRecording(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["resumeRecording"]>;
    /**
     * Sends any command with the same correlation, timeouts and checks: the escape hatch
     * for commands this version does not know. A known command name is checked like its
     * method (its target and data must fit).
     */
    send(request: WireRequest, options?: CallOptions): Promise<unknown>;
    /**
     * `interaction.request.incontact.signal`: `params` holds `p1` … `p20` (strings; only
     * those with a value).
     */
    signal(interaction: InteractionRef, params: SignalParams, options?: CallOptions): Promise<CommandResults["signal"]>;
    /**
     * `interaction.request.recording.start`.
     */
    startRecording(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["startRecording"]>;
    /**
     * `interaction.request.recording.stop` (succeeds when already stopped).
     */
    stopRecording(interaction: InteractionRef, options?: CallOptions): Promise<CommandResults["stopRecording"]>;
