// agentwire/react: React hooks over the package's own API (plain JS, no JSX, no build step;
// typed by react.d.ts). React is an optional peer dependency: only this file imports it.
// Copied into the package by scripts/build.sh; exported as "agentwire/react".
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { AgentSession } from "./agentwire.js";

/**
 * The one place a session is made: `AgentSession.create` loads the wasm module on first use
 * (once; a page that called `init()` or `initSync()` itself is not loaded again).
 */
function openSession(options) {
  return AgentSession.create(options);
}

// useLayoutEffect warns during server rendering in React 18; effects never run there anyway.
const useIsoLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
const noop = () => {};
const noSubscribe = () => noop;
const noSnapshot = () => null;

/**
 * Creates an `AgentSession` when the component mounts (after initialising the wasm module),
 * connects it unless `{ connect: false }`, and closes it when the component unmounts.
 * `options` are read once, when the session is made: to change them, remount (a React `key`).
 * Returns `{ session, error }`: `session` is null until it exists; `error` is what `init()`,
 * the constructor or `connect()` threw.
 *
 * Why the close is deferred (StrictMode): in development `<StrictMode>` runs every effect,
 * its cleanup, and the effect again on the same component, in one synchronous pass (Fast
 * Refresh does the same after an edit). A cleanup that closed the session at once would end
 * the session the second run goes on with (a closed session stays closed), and a second
 * session would log the agent in twice (the server then asks to replace the first). So the
 * cleanup only schedules the close (a 0 ms timeout) and the effect's next run cancels it and
 * keeps the session, or the session still being made (it is made after `init()` resolves,
 * so under StrictMode's first pass it does not exist yet): one session, one WebSocket. A
 * real unmount closes it a moment later; a component that comes back after its session was
 * closed (React's `<Activity>`) gets a new one. tests/integrations/run.mjs checks this on
 * React 18 and 19.
 */
export function useAgentSession(options, { connect = true } = {}) {
  const [state, setState] = useState({ session: null, error: null });
  const own = useRef(null);
  const args = useRef(null);
  args.current = { options, connect };
  useEffect(() => {
    let o = own.current;
    if (o && o.closeTimer) {
      clearTimeout(o.closeTimer); // StrictMode's remount: keep the session
      o.closeTimer = 0;
    } else if (!o || o.closed) {
      o = own.current = { session: null, closed: false, closeTimer: 0 };
      const { options, connect } = args.current;
      const run = o;
      const fail = (error) => run.closed || setState({ session: run.session, error });
      openSession(options).then((session) => {
        if (run.closed) return session.close(); // unmounted while the module loaded
        run.session = session;
        setState({ session, error: null });
        if (connect) session.connect().catch(fail);
      }, fail);
    }
    const mine = o;
    return () => {
      mine.closeTimer = setTimeout(() => {
        mine.closeTimer = 0;
        mine.closed = true;
        mine.session?.close();
      }, 0);
    };
  }, []);
  return state;
}

/**
 * The session's snapshot, or `selector(snapshot)`, kept current with `useSyncExternalStore`
 * (null while there is no session). Snapshots are frozen and change identity only when the
 * model changed, so the component re-renders only then; the selector runs again when the
 * snapshot or the selector itself changed (a selector defined outside the component, or
 * wrapped in `useCallback`, gives results that keep their identity between changes).
 */
export function useAgentSnapshot(session, selector) {
  // The session's `subscribe` and `getSnapshot` are bound to it, so useSyncExternalStore can
  // call them as plain functions.
  const subscribe = session ? session.subscribe : noSubscribe;
  const getSnapshot = session ? session.getSnapshot : noSnapshot;
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, noSnapshot);
  return useMemo(() => (snapshot && selector ? selector(snapshot) : snapshot), [snapshot, selector]);
}

/**
 * Calls `handler(event)` for each event `type` of the session. The listener is attached once
 * per session and type; it always calls the latest `handler`, so an inline function does not
 * re-attach it on every render.
 */
export function useAgentEvent(session, type, handler) {
  const latest = useRef(handler);
  useIsoLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!session) return undefined;
    const listener = (event) => latest.current(event);
    session.addEventListener(type, listener);
    return () => session.removeEventListener(type, listener);
  }, [session, type]);
}
