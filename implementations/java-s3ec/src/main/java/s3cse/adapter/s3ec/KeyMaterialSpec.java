package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protocol's KeyMaterial: exactly one of an AES key, an RSA private key or a KMS key id, plus
 * an optional materials description. Key bytes stay in memory only; toString never shows them.
 */
final class KeyMaterialSpec {
  enum Kind { AES, RSA, KMS }

  final Kind kind;
  final byte[] keyBytes; // AES raw key or PKCS#8 DER; null for KMS
  final String kmsKeyId;
  final Map<String, String> materialsDescription;

  private KeyMaterialSpec(Kind kind, byte[] keyBytes, String kmsKeyId, Map<String, String> materialsDescription) {
    this.kind = kind;
    this.keyBytes = keyBytes;
    this.kmsKeyId = kmsKeyId;
    this.materialsDescription = materialsDescription;
  }

  static KeyMaterialSpec parse(JsonNode node) {
    if (node == null || !node.isObject()) throw new BadRequest("keyMaterial must be an object");
    JsonNode aes = node.get("aesKey");
    JsonNode rsa = node.get("rsaKey");
    JsonNode kms = node.get("kmsKeyId");
    int present = (isSet(aes) ? 1 : 0) + (isSet(rsa) ? 1 : 0) + (isSet(kms) ? 1 : 0);
    if (present != 1) throw new BadRequest("keyMaterial must set exactly one of aesKey, rsaKey, kmsKeyId (found " + present + ")");
    Map<String, String> description = parseDescription(node.get("materialsDescription"));
    if (isSet(aes)) return new KeyMaterialSpec(Kind.AES, decodeBase64("aesKey", aes), null, description);
    if (isSet(rsa)) return new KeyMaterialSpec(Kind.RSA, decodeBase64("rsaKey", rsa), null, description);
    return new KeyMaterialSpec(Kind.KMS, null, kms.asText(), description);
  }

  private static boolean isSet(JsonNode n) {
    return n != null && !n.isNull();
  }

  private static byte[] decodeBase64(String field, JsonNode n) {
    if (!n.isTextual()) throw new BadRequest(field + " must be a base64 string");
    try {
      return Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(field + " is not valid base64");
    }
  }

  private static Map<String, String> parseDescription(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) return out;
    if (!n.isObject()) throw new BadRequest("materialsDescription must be an object of strings");
    n.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) throw new BadRequest("materialsDescription values must be strings");
      out.put(e.getKey(), e.getValue().asText());
    });
    return out;
  }

  @Override
  public String toString() {
    return "KeyMaterial(" + kind + (kmsKeyId != null ? " " + kmsKeyId : "") + ")";
  }
}
