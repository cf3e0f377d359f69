package s3cse.adapter.s3ec;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.internal.InstructionFileConfig;

/**
 * Builds encryption clients from POST /client configs and keeps them by id.
 * What differs between S3EC 3.x and 4.x (builder entry point, commitment policy, algorithm
 * suite) lives in {@link LibraryLine}, one copy per line under src/v3 and src/v4.
 */
final class EncryptionClients {
  private final TargetClients target;
  private final Keyrings keyrings;
  private final Map<String, S3EncryptionClient> byId = new ConcurrentHashMap<>();

  EncryptionClients(TargetClients target) {
    this.target = target;
    this.keyrings = new Keyrings(target.kms);
  }

  String create(ClientConfig config) {
    if (config.writeFormat == WriteFormat.V1_AE) {
      // v1-ae asks for the same standard settings as v2, so the library would quietly write v2.
      throw Refusal.unsupported("LegacyEncryptionUnsupported",
          "S3EC " + LibraryLine.LIBRARY_VERSION + " cannot write v1-ae (legacy AuthenticatedEncryption); it only decrypts it");
    }
    S3EncryptionClient.Builder builder = LibraryLine.builderFor(config)
        .keyring(keyrings.forClient(config.keyMaterial, config.legacyWrappingAlgorithms))
        .enableLegacyWrappingAlgorithms(config.legacyWrappingAlgorithms)
        .enableLegacyUnauthenticatedModes(config.legacyUnauthenticatedModes)
        .enableDelayedAuthenticationMode(config.delayedAuthentication)
        .wrappedClient(target.s3)
        .wrappedAsyncClient(target.s3Async)
        .instructionFileConfig(instructionFiles(config));
    if (config.bufferSize != null) builder.setBufferSize(config.bufferSize);
    S3EncryptionClient client = builder.build();
    String id = UUID.randomUUID().toString();
    byId.put(id, client);
    return id;
  }

  S3EncryptionClient get(String id) {
    if (id == null || id.isEmpty()) throw new BadRequest("ClientID header is required");
    S3EncryptionClient client = byId.get(id);
    if (client == null) throw new BadRequest("no client with id " + id);
    return client;
  }

  /** Instruction files are read by default and written only when asked for. */
  private InstructionFileConfig instructionFiles(ClientConfig config) {
    if (config.instructionFileDisabled) {
      // No client with it: the library refuses a client next to disableInstructionFile, and
      // judges "disabled but put enabled" itself.
      return InstructionFileConfig.builder()
          .disableInstructionFile(true)
          .enableInstructionFilePutObject(config.instructionFilePut)
          .build();
    }
    return InstructionFileConfig.builder()
        .instructionFileClient(target.instructionFiles)
        .enableInstructionFilePutObject(config.instructionFilePut)
        .build();
  }
}
