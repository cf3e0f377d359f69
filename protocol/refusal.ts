/**
 * An implementation's refusal with its category and code: what an adapter server turns into an
 * S3EncryptionClientError answer, and what the suites judge (they read `category` and `code`).
 */
export class Refusal extends Error {
  readonly category: string;
  readonly code: string;
  constructor(category: string, code: string, message: string) {
    super(message);
    this.name = 'Refusal';
    this.category = category;
    this.code = code;
  }
}
