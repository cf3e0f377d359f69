package s3cse.javav1;

import java.util.List;
import java.util.Map;

/**
 * The GET /capabilities document. Only combinations checked by hand against the embedded
 * target and the reference implementation are claimed (see README.md for the checks).
 */
final class Capabilities {
    private Capabilities() {}

    private static final List<String> ALL_KEYS = List.of("aes", "rsa", "kms");
    private static final List<String> BOTH_STORAGES = List.of("metadata", "instruction");

    static Map<String, Object> document() {
        return Map.of(
            "protocol", "s3cse-adapter/1",
            "implementation", Map.of(
                "name", "java-v1",
                "version", "1.12.797",
                "language", "java",
                "library", "com.amazonaws:aws-java-sdk-s3"),
            "write", List.of(
                claim("v2"),
                claim("v1-eo"),
                claim("v1-ae")),
            "read", List.of(
                claim("v1-eo"),
                claim("v1-ae"),
                claim("v2")),
            "features", List.of("range", "instruction-file-suffix", "encryption-context", "reencrypt"));
    }

    private static Map<String, Object> claim(String format) {
        return Map.of("format", format, "keys", ALL_KEYS, "storage", BOTH_STORAGES);
    }
}
