// agentwire/react: types of the React hooks (react.js). Imports nothing from React, so a
// TypeScript project needs no @types/react for them.
/**
 * React hooks for agentwire: `import { useAgentSession, useAgentSnapshot, useAgentEvent } from "agentwire/react"`.
 * React (18 or later) is an optional peer dependency of the package: only this module imports it.
 * @module agentwire/react
 */
import type { AgentSession, AgentSessionOptions, AgentwireEventMap, SessionSnapshot } from "./agentwire.js";

/** What {@link useAgentSession} returns. */
export interface AgentSessionState {
  /** The session, once the wasm module is initialised and the session made; null before. */
  session: AgentSession | null;
  /** What initialising, creating or connecting the session threw (an `AgentwireError` for the last two), else null. */
  error: unknown;
}

/** How {@link useAgentSession} handles the session. */
export interface UseAgentSessionOptions {
  /** Call `connect()` once the session exists (default true). */
  connect?: boolean;
}

/**
 * Creates an `AgentSession` for the component's lifetime (initialising the wasm module
 * first), connects it unless `{ connect: false }`, and closes it on unmount. StrictMode's
 * simulated unmount and remount keep the same session. `options` are read once: to change
 * them, remount the component (a React `key`).
 */
export function useAgentSession(options: AgentSessionOptions, hookOptions?: UseAgentSessionOptions): AgentSessionState;

/** The session's current snapshot (null while there is no session); re-renders when the model changes. */
export function useAgentSnapshot(session: AgentSession | null | undefined): SessionSnapshot | null;
/**
 * `selector(snapshot)` of the session's current snapshot (null while there is no session);
 * recomputed when the snapshot (frozen, new only on a change) or the selector changes.
 */
export function useAgentSnapshot<T>(session: AgentSession | null | undefined, selector: (snapshot: SessionSnapshot) => T): T | null;

/**
 * Calls `handler` for every event `type` of the session (typed by the event map). The
 * listener is attached once per session and type and always calls the latest `handler`.
 */
export function useAgentEvent<K extends keyof AgentwireEventMap>(
  session: AgentSession | null | undefined,
  type: K,
  handler: (event: AgentwireEventMap[K]) => void,
): void;
