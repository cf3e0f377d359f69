/**
 * What a scenario case needs around an implementation: a client it builds and drives by name
 * against real S3 and KMS, and a look at what landed in the target. The harness provides it over
 * the adapter protocol (harness/supervisor/scenario-host.ts); types only here.
 */
import type { KeySpec, StoredObject } from './adapter.js';
import type { ScenarioConfigData } from '../vectors/corpus.js';

/** A scenario's client configuration with its key resolved. */
export type ScenarioClientConfig = Omit<ScenarioConfigData, 'key' | 'materialsDescription'> & { readonly key: KeySpec };

export interface ScenarioGet {
  readonly range?: string;
  readonly instructionFileSuffix?: string;
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

export interface ScenarioPut {
  readonly encryptionContext?: Readonly<Record<string, string>>;
  readonly multipart?: { readonly partSize: number; readonly abort?: boolean };
}

/** One KMS request the target saw (no key bytes, no plaintext). */
export interface KmsCall {
  readonly operation: string;
  readonly keyId?: string;
  readonly userAgent: string;
}

/** What S3 holds under an object's name: the object (if any) and the instruction files asked for. */
export interface StoredState {
  readonly object?: StoredObject;
  readonly instructionFiles: Readonly<Record<string, string | undefined>>;
}

/**
 * One case's view. Client and object names are the case's own; the host maps them to unique
 * keys. Refusals are thrown with a `category`, as by every implementation call.
 */
export interface ScenarioSession {
  createClient(name: string, config: ScenarioClientConfig): Promise<void>;
  put(client: string, object: string, plaintext: Uint8Array, options: ScenarioPut): Promise<void>;
  get(client: string, object: string, options: ScenarioGet): Promise<Uint8Array>;
  delete(client: string, objects: readonly string[], batch: boolean): Promise<void>;
  reencrypt(client: string, object: string, newKey: KeySpec, options: { instructionFileSuffix?: string; enforceRotation?: boolean }): Promise<void>;
  stored(object: string, instructionFileSuffixes: readonly string[]): Promise<StoredState>;
  replaceStored(object: string, stored: StoredObject): Promise<void>;
  /** KMS requests since the case began; undefined when the target does not log them. */
  kmsCalls(): readonly KmsCall[] | undefined;
  /** Arms a fault (NAME*TIMES) for the next step; false when the target cannot inject faults. */
  armFault(spec: string): boolean;
  /** Ends the next step's fault, whether or not it fired. */
  clearFault(): void;
}

export interface ScenarioHost {
  begin(caseId: string): Promise<ScenarioSession>;
}
