package s3cse.adapter.s3ec;

/**
 * The adapter refusing on the library's behalf, for requests the library cannot express (a format
 * it cannot write, a key type it cannot re-encrypt to). Reported as S3EncryptionClientError, like
 * the library's own refusals, because a conformance test sees the same thing: this client says no.
 */
final class Refusal extends RuntimeException {
  final String category;
  final String code;

  Refusal(String category, String code, String message) {
    super(message);
    this.category = category;
    this.code = code;
  }

  static Refusal unsupported(String code, String message) {
    return new Refusal("unsupported", code, message);
  }
}
