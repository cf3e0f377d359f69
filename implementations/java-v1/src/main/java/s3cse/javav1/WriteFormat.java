package s3cse.javav1;

import com.fasterxml.jackson.databind.JsonNode;

/** The format a client writes, from {@code config.s3cse.writeFormat} or the standard members. */
enum WriteFormat {
    /** AmazonS3EncryptionClientV2: x-amz-key-v2, AES/GCM. */
    V2,
    /** Legacy AmazonS3EncryptionClient, CryptoMode.EncryptionOnly: AES/CBC. */
    V1_EO,
    /** Legacy AmazonS3EncryptionClient, CryptoMode.AuthenticatedEncryption: AES/GCM with legacy wraps. */
    V1_AE,
    /**
     * A client configured for the key-committing suite without naming a format: the harness
     * builds readers this way. v1 cannot write V3, so such a client reads (as V2) but refuses PUT.
     */
    READ_ONLY;

    static WriteFormat select(JsonNode config) {
        String named = config.path("s3cse").path("writeFormat").asText("");
        switch (named) {
            case "v2": return V2;
            case "v1-eo": return V1_EO;
            case "v1-ae": return V1_AE;
            case "v3":
                throw AdapterError.refusal("unsupported", "UnsupportedFormat",
                    "AWS SDK for Java v1 cannot write the V3 (key-committing) format", null);
            case "":
                break;
            default:
                throw AdapterError.badRequest("unknown s3cse.writeFormat: " + named);
        }
        String algorithm = config.path("encryptionAlgorithm").asText("");
        if (algorithm.equals("ALG_AES_256_CBC_IV16_NO_KDF")) return V1_EO;
        if (algorithm.equals("ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY")) return READ_ONLY;
        return V2;
    }
}
