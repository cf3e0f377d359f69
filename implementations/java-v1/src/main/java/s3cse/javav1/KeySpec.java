package s3cse.javav1;

import com.amazonaws.services.s3.model.EncryptionMaterials;
import com.amazonaws.services.s3.model.EncryptionMaterialsProvider;
import com.amazonaws.services.s3.model.KMSEncryptionMaterials;
import com.amazonaws.services.s3.model.KMSEncryptionMaterialsProvider;
import com.amazonaws.services.s3.model.StaticEncryptionMaterialsProvider;
import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The protocol's KeyMaterial, decoded into what v1's materials classes take. */
sealed interface KeySpec {
    /** Materials description entries the caller configured ({@code keyMaterial.materialsDescription}). */
    Map<String, String> description();

    /** "aes", "rsa" or "kms": the capability vocabulary. */
    String kind();

    /** The materials v1 wraps data keys with; {@code extra} adds per-call description entries (KMS context). */
    EncryptionMaterials materials(Map<String, String> extra);

    default EncryptionMaterialsProvider provider(Map<String, String> extra) {
        EncryptionMaterials materials = materials(extra);
        return materials instanceof KMSEncryptionMaterials kms
            ? new KMSEncryptionMaterialsProvider(kms)
            : new StaticEncryptionMaterialsProvider(materials);
    }

    record Aes(SecretKey key, Map<String, String> description) implements KeySpec {
        public String kind() { return "aes"; }
        public EncryptionMaterials materials(Map<String, String> extra) {
            return describe(new EncryptionMaterials(key), description, extra);
        }
        // Records print their components; keep the key bytes out of every log and message.
        @Override public String toString() { return "Aes" + description; }
    }

    record Rsa(KeyPair keyPair, Map<String, String> description) implements KeySpec {
        public String kind() { return "rsa"; }
        public EncryptionMaterials materials(Map<String, String> extra) {
            return describe(new EncryptionMaterials(keyPair), description, extra);
        }
        @Override public String toString() { return "Rsa" + description; }
    }

    record Kms(String keyId, Map<String, String> description) implements KeySpec {
        public String kind() { return "kms"; }
        public EncryptionMaterials materials(Map<String, String> extra) {
            return describe(new KMSEncryptionMaterials(keyId), description, extra);
        }
    }

    private static EncryptionMaterials describe(EncryptionMaterials materials, Map<String, String> description, Map<String, String> extra) {
        materials.addDescriptions(description);
        materials.addDescriptions(extra);
        return materials;
    }

    /** Parses a KeyMaterial JSON object; exactly one of aesKey, rsaKey, kmsKeyId. */
    static KeySpec parse(JsonNode node) {
        if (node == null || !node.isObject()) throw AdapterError.badRequest("keyMaterial must be an object");
        Map<String, String> description = stringMap(node.get("materialsDescription"));
        int keys = (node.hasNonNull("aesKey") ? 1 : 0) + (node.hasNonNull("rsaKey") ? 1 : 0) + (node.hasNonNull("kmsKeyId") ? 1 : 0);
        if (keys != 1) throw AdapterError.badRequest("keyMaterial needs exactly one of aesKey, rsaKey, kmsKeyId");
        if (node.hasNonNull("aesKey")) {
            return new Aes(new SecretKeySpec(base64(node, "aesKey"), "AES"), description);
        }
        if (node.hasNonNull("rsaKey")) {
            return new Rsa(rsaKeyPair(base64(node, "rsaKey")), description);
        }
        return new Kms(node.get("kmsKeyId").asText(), description);
    }

    private static byte[] base64(JsonNode node, String field) {
        try {
            return Base64.getDecoder().decode(node.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw AdapterError.badRequest(field + " is not base64");
        }
    }

    /** The protocol sends only the private key; v1 wants a pair, so derive the public half from the CRT form. */
    private static KeyPair rsaKeyPair(byte[] pkcs8) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)) instanceof RSAPrivateCrtKey privateKey)) {
                throw AdapterError.badRequest("rsaKey must be a PKCS#8 RSA private key with CRT parameters");
            }
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (java.security.GeneralSecurityException e) {
            throw AdapterError.badRequest("rsaKey is not a usable PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Map<String, String> stringMap(JsonNode node) {
        if (node == null || node.isNull()) return Collections.emptyMap();
        if (!node.isObject()) throw AdapterError.badRequest("materialsDescription must be an object of strings");
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return Collections.unmodifiableMap(map);
    }
}
