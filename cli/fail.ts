import { S3EncryptionError, type ErrorCode } from '@s3cse/reference';

/** Throws the reference's typed error, so the CLI's own refusals print and exit like the library's. */
export function fail(code: ErrorCode, message: string): never {
  throw new S3EncryptionError(code, message);
}
