/**
 * The adapter protocol's version, as an adapter states it in `GET /capabilities` (`protocol`).
 * The capabilities schema's `const` must equal it (protocol/test/schemas.test.ts). A change that
 * an older adapter cannot follow bumps the number; the harness refuses other versions.
 */
export const PROTOCOL_VERSION = 's3cse-adapter/1';
export type ProtocolVersion = typeof PROTOCOL_VERSION;

/**
 * The harness states its version on every request in this header, so an adapter (or a server
 * written for another harness) can refuse a version it does not follow: it answers any status
 * with `__type` VERSION_MISMATCH_TYPE, and the harness stops with a version-mismatch fault.
 */
export const PROTOCOL_HEADER = 'S3EC-Protocol';
export const VERSION_MISMATCH_TYPE = 'ProtocolVersionMismatch';

/**
 * An answer of this `__type` (HTTP 501) skips one call: the implementation cannot be asked it at
 * all (no API for it), which is neither a refusal nor a failure. The case is not applicable.
 */
export const UNSUPPORTED_TYPE = 'Unsupported';
