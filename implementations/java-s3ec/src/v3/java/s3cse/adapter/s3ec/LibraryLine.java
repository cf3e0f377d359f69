package s3cse.adapter.s3ec;

import java.util.List;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * S3EC 3.x before 3.6 (built against 3.5.0): builder() has no commitment policy and no algorithm
 * choice. It always writes v2 (AES-GCM, no key commitment) and cannot read v3 at all.
 * (src/v4 holds the 4.x twin; Maven compiles exactly one of them, chosen from s3ec.version.)
 */
final class LibraryLine {
  static final String IMPLEMENTATION_NAME = "java-s3ec-v3";
  static final String LIBRARY_VERSION = BuildInfo.s3ecVersion();

  private LibraryLine() {}

  /**
   * Readers arrive with REQUIRE_ENCRYPT_ALLOW_DECRYPT + the committing suite: accepted, because
   * their decrypt behaviour (allow any object) is what this line does. What this line cannot
   * honour is refused: writing v3 or v1-eo, and requiring committed objects on decrypt.
   */
  static S3EncryptionClient.Builder builderFor(ClientConfig config) {
    if (config.writeFormat == WriteFormat.V3) {
      throw Refusal.unsupported("CommittingFormatUnsupported",
          "S3EC " + LIBRARY_VERSION + " has no key-committing algorithm suite: it cannot write v3");
    }
    if (config.writeFormat == WriteFormat.V1_EO || "ALG_AES_256_CBC_IV16_NO_KDF".equals(config.encryptionAlgorithm)) {
      throw Refusal.unsupported("LegacyEncryptionUnsupported",
          "S3EC " + LIBRARY_VERSION + " cannot write v1-eo (AES/CBC); it only decrypts it");
    }
    if ("REQUIRE_ENCRYPT_REQUIRE_DECRYPT".equals(config.commitmentPolicy)) {
      throw Refusal.unsupported("CommitmentPolicyUnsupported",
          "S3EC " + LIBRARY_VERSION + " has no commitment policy: it cannot require key-committed objects");
    }
    return S3EncryptionClient.builder();
  }

  static List<Claim> writeClaims() {
    return List.of(Claim.everyKeyAndStorage("v2"));
  }

  static List<Claim> readClaims() {
    return List.of(Claim.everyKeyAndStorage("v1-eo"), Claim.everyKeyAndStorage("v1-ae"), Claim.everyKeyAndStorage("v2"));
  }

  static List<String> features() {
    return List.of("range", "reencrypt", "instruction-file-suffix", "encryption-context", "delayed-authentication");
  }
}
