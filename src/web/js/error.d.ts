// The class `AgentwireError` (src/web/js/glue.js), as scripts/entry.mjs puts it into the
// package's types: where wasm-bindgen put the class when it was Rust's (issue 14).
/**
 * The error every agentwire Promise rejects with, and constructors throw.
 *
 * `kind` says why: `failure` (the server answered failure: see `code`, `message`,
 * `original`), `timeout`, `disconnected` (the socket dropped after the command was sent;
 * it was not resent), `invalidArgument` (bad input from the page; nothing was sent: see
 * `argument`), `closed` (the session ended: see `reason`).
 */
export class AgentwireError {
    private constructor();
    /**
     * What `JSON.stringify` writes (structured loggers): `{ name, kind, code, message }` plus
     * `argument`, `reason` and `original` when set. Never credentials: messages and
     * originals are redacted by the core before they reach an error.
     */
    toJSON(): { name: "AgentwireError"; kind: AgentwireErrorKind; code: AgentwireErrorCode; message: string; argument?: string; reason?: CloseReasonKind; original?: WireRequest };
    /**
     * `AgentwireError [kind/code]: message`.
     */
    toString(): string;
    /**
     * For `invalidArgument`: the argument at fault (`target`, `reasonCode`, `url`, …).
     */
    readonly argument: string | undefined;
    /**
     * The server's failure code, or `TIMEOUT`, `DISCONNECTED`, `INVALID_ARGUMENT`, or the
     * close reason's code (`REPLACED`, `LOGGED_OUT`, `CLOSED`, …).
     */
    readonly code: AgentwireErrorCode;
    /**
     * `failure | timeout | disconnected | invalidArgument | closed`.
     */
    readonly kind: AgentwireErrorKind;
    /**
     * What happened, for people.
     */
    readonly message: string;
    /**
     * Always `"AgentwireError"`.
     */
    readonly name: string;
    /**
     * For `failure`: the request as the server echoed it in `original`.
     */
    readonly original: WireRequest | undefined;
    /**
     * For `closed`: `closed | loggedOut | replaced | declined | refused | noProcessor |
     * connectFailed | reconnectExhausted`.
     */
    readonly reason: CloseReasonKind | undefined;
}
