import { S3EncryptionError, type ErrorCode } from '@s3cse/reference';

/**
 * An EMRFS configuration that cannot be used: a malformed file, or a property with a value EMRFS
 * would refuse. Always names the file, and the property when one is to blame, so the fix is
 * obvious from the message alone; `file` and `property` carry the same for programs.
 */
export class EmrfsConfigurationError extends S3EncryptionError {
  readonly file: string;
  readonly property: string | undefined;

  constructor(file: string, property: string | undefined, problem: string, cause?: unknown) {
    super('INVALID_CONFIGURATION', `${file}: ${property === undefined ? '' : `${property}: `}${problem}`, cause === undefined ? undefined : { cause });
    this.file = file;
    this.property = property;
  }
}

export function configurationError(file: string, property: string | undefined, problem: string, cause?: unknown): never {
  throw new EmrfsConfigurationError(file, property, problem, cause);
}

/** Any other refusal of the EMRFS profile, with the reference's own codes. */
export function fail(code: ErrorCode, message: string): never {
  throw new S3EncryptionError(code, message);
}
