package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.internal.ReEncryptInstructionFileRequest;
import software.amazon.encryption.s3.internal.ReEncryptInstructionFileResponse;

/** PutObject, GetObject and ReEncrypt on an encryption client, in the protocol's terms. */
final class ObjectOperations {
  private final Keyrings keyrings;

  ObjectOperations(Keyrings keyrings) {
    this.keyrings = keyrings;
  }

  /** `context`: the per-call KMS encryption context (raw keyrings ignore it, with a warning). */
  ObjectNode put(S3EncryptionClient client, ObjectPath path, Map<String, String> context, byte[] plaintext) {
    client.putObject(b -> {
      b.bucket(path.bucket).key(path.key);
      if (!context.isEmpty()) b.overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(context));
    }, RequestBody.fromBytes(plaintext));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("bucket", path.bucket);
    out.put("key", path.key);
    context.forEach((k, v) -> out.withArray("metadata").add("[" + k + "]:[" + v + "]"));
    return out;
  }

  ResponseBytes<GetObjectResponse> get(S3EncryptionClient client, ObjectPath path, Map<String, String> context,
      String range, String instructionFileSuffix) {
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(path.bucket).key(path.key);
    if (range != null && !range.isEmpty()) b.range(range);
    AwsRequestOverrideConfiguration.Builder override = AwsRequestOverrideConfiguration.builder();
    boolean overridden = false;
    if (!context.isEmpty()) {
      S3EncryptionClient.withAdditionalConfiguration(context).accept(override);
      overridden = true;
    }
    if (instructionFileSuffix != null && !instructionFileSuffix.isEmpty()) {
      S3EncryptionClient.withCustomInstructionFileSuffix(instructionFileSuffix).accept(override);
      overridden = true;
    }
    if (overridden) b.overrideConfiguration(override.build());
    return client.getObjectAsBytes(b.build());
  }

  /**
   * `suffix` means what it means on GET: the new instruction file is `<key><suffix>`. S3EC puts
   * the dot in itself (it writes `<key>.<its suffix>`), so the caller's leading dot is taken off,
   * and a suffix without one cannot be written.
   */
  ObjectNode reEncrypt(S3EncryptionClient client, ObjectPath path, KeyMaterialSpec newKey, String suffix, Boolean enforceRotation) {
    ReEncryptInstructionFileRequest.Builder b = ReEncryptInstructionFileRequest.builder()
        .bucket(path.bucket)
        .key(path.key)
        .newKeyring(keyrings.forReEncryption(newKey));
    boolean customSuffix = suffix != null && !suffix.isEmpty();
    if (customSuffix) {
      if (!suffix.startsWith(".") || suffix.length() == 1) {
        throw Refusal.unsupported("InstructionFileSuffixUnsupported",
            "S3EC writes re-encrypted instruction files to <key>.<name>; the suffix must be a dot and a name, got " + suffix);
      }
      b.instructionFileSuffix(suffix.substring(1));
    }
    if (enforceRotation != null) b.enforceRotation(enforceRotation);
    ReEncryptInstructionFileResponse r = client.reEncryptInstructionFile(b.build());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("bucket", r.bucket());
    out.put("key", r.key());
    if (r.instructionFileSuffix() != null) out.put("instructionFileSuffix", customSuffix ? suffix : "." + r.instructionFileSuffix());
    out.put("enforceRotation", r.enforceRotation());
    return out;
  }
}
