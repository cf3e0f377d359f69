/**
 * The adapter protocol's version, as an adapter states it in `GET /capabilities` (`protocol`).
 * The capabilities schema's `const` must equal it (protocol/test/schemas.test.ts). A change that
 * an older adapter cannot follow bumps the number; the harness refuses other versions.
 */
export const PROTOCOL_VERSION = 's3cse-adapter/1';
export type ProtocolVersion = typeof PROTOCOL_VERSION;
