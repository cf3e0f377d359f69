package s3cse.adapter.s3ec;

import java.util.List;
import software.amazon.encryption.s3.CommitmentPolicy;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.algorithms.AlgorithmSuite;

/**
 * S3EC 4.x: builderV4() with an explicit commitment policy and algorithm suite.
 * (src/v3 holds the 3.x twin; Maven compiles exactly one of them, chosen from s3ec.version.)
 */
final class LibraryLine {
  static final String IMPLEMENTATION_NAME = "java-s3ec-v4";
  static final String LIBRARY_VERSION = BuildInfo.s3ecVersion();

  private LibraryLine() {}

  /**
   * The standard config members win when present; otherwise s3cse.writeFormat decides; a client
   * with neither is a reader: it encrypts committed (v3) and decrypts everything.
   */
  static S3EncryptionClient.Builder builderFor(ClientConfig config) {
    WriteFormat format = config.writeFormat;
    CommitmentPolicy policy = config.commitmentPolicy != null
        ? parse(CommitmentPolicy.class, "commitmentPolicy", config.commitmentPolicy)
        : format == WriteFormat.V3 ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
        : format != null ? CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT
        : CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT;
    AlgorithmSuite suite = config.encryptionAlgorithm != null
        ? parse(AlgorithmSuite.class, "encryptionAlgorithm", config.encryptionAlgorithm)
        : format == WriteFormat.V2 || format == WriteFormat.V1_AE ? AlgorithmSuite.ALG_AES_256_GCM_IV12_TAG16_NO_KDF
        : format == WriteFormat.V1_EO ? AlgorithmSuite.ALG_AES_256_CBC_IV16_NO_KDF
        : AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    // A legacy (CBC) suite is passed on as asked: the library's own refusal is the answer.
    return S3EncryptionClient.builderV4().commitmentPolicy(policy).encryptionAlgorithm(suite);
  }

  static List<Claim> writeClaims() {
    return List.of(Claim.everyKeyAndStorage("v2"), Claim.everyKeyAndStorage("v3"));
  }

  static List<Claim> readClaims() {
    return List.of(
        Claim.everyKeyAndStorage("v1-eo"),
        Claim.everyKeyAndStorage("v1-ae"),
        Claim.everyKeyAndStorage("v2"),
        Claim.everyKeyAndStorage("v3"));
  }

  static List<String> features() {
    return List.of("range", "reencrypt", "instruction-file-suffix", "encryption-context", "delayed-authentication");
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String name) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("unknown " + field + ": " + name);
    }
  }
}
