package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The `config` member of POST /client. Optional members stay null when absent so that the
 * version-specific code can tell "not asked for" from "asked for the default".
 */
final class ClientConfig {
  final KeyMaterialSpec keyMaterial;
  final boolean legacyUnauthenticatedModes;
  final boolean legacyWrappingAlgorithms;
  final boolean delayedAuthentication;
  final Long bufferSize;
  final String commitmentPolicy;
  final String encryptionAlgorithm;
  final boolean instructionFilePut;
  final boolean instructionFileDisabled;
  final WriteFormat writeFormat;

  private ClientConfig(JsonNode c) {
    keyMaterial = KeyMaterialSpec.parse(c.get("keyMaterial"));
    legacyUnauthenticatedModes = flag(c, "enableLegacyUnauthenticatedModes");
    legacyWrappingAlgorithms = flag(c, "enableLegacyWrappingAlgorithms");
    delayedAuthentication = flag(c, "enableDelayedAuthenticationMode");
    bufferSize = c.hasNonNull("setBufferSize") ? c.get("setBufferSize").asLong() : null;
    commitmentPolicy = text(c, "commitmentPolicy");
    encryptionAlgorithm = text(c, "encryptionAlgorithm");
    JsonNode ifc = c.get("instructionFileConfig");
    instructionFilePut = ifc != null && flag(ifc, "enableInstructionFilePutObject");
    instructionFileDisabled = ifc != null && flag(ifc, "disableInstructionFile");
    JsonNode ext = c.get("s3cse");
    String format = ext == null ? null : text(ext, "writeFormat");
    writeFormat = format == null ? null : WriteFormat.parse(format);
  }

  static ClientConfig parse(JsonNode request) {
    if (request == null || !request.isObject() || !request.has("config") || !request.get("config").isObject()) {
      throw new BadRequest("body must be {\"config\": {...}}");
    }
    return new ClientConfig(request.get("config"));
  }

  private static boolean flag(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) return false;
    if (!v.isBoolean()) throw new BadRequest(name + " must be a boolean");
    return v.booleanValue();
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new BadRequest(name + " must be a string");
    return v.asText();
  }
}
