package s3cse.adapter.s3ec;

import java.util.List;

/** One capability claim: a format, with the key types and storage modes it was verified for. */
final class Claim {
  static final List<String> ALL_KEYS = List.of("aes", "rsa", "kms");
  static final List<String> BOTH_STORAGES = List.of("metadata", "instruction");

  final String format;
  final List<String> keys;
  final List<String> storage;

  Claim(String format, List<String> keys, List<String> storage) {
    this.format = format;
    this.keys = keys;
    this.storage = storage;
  }

  static Claim everyKeyAndStorage(String format) {
    return new Claim(format, ALL_KEYS, BOTH_STORAGES);
  }
}
