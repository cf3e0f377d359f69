/**
 * The scenario host's types, declared in adapter.ts beside the contract they extend (one module,
 * so the contract and its scenario half do not import each other); re-exported here for readers.
 */
export type { KmsCall, ScenarioClientConfig, ScenarioGet, ScenarioHost, ScenarioPut, ScenarioSession, StoredState } from './adapter.js';
