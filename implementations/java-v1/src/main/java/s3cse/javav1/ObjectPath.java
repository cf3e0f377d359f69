package s3cse.javav1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {bucket}/{key} labels of /object/... paths.
 *
 * Decoded by hand from the raw path: URLDecoder would turn '+' into a space, which is form
 * encoding, not path encoding. The key is everything after the bucket, so a key sent with raw
 * '/' works as well as one with %2F.
 */
record ObjectPath(String bucket, String key, boolean reencrypt) {
    private static final String PREFIX = "/object/";
    private static final String REENCRYPT = "/reencrypt";

    /** @param rawPath the still percent-encoded request path; @param post whether the method is POST */
    static ObjectPath parse(String rawPath, boolean post) {
        if (!rawPath.startsWith(PREFIX)) return null;
        String rest = rawPath.substring(PREFIX.length());
        boolean reencrypt = post && rest.endsWith(REENCRYPT);
        if (reencrypt) rest = rest.substring(0, rest.length() - REENCRYPT.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw AdapterError.badRequest("expected /object/{bucket}/{key}");
        }
        return new ObjectPath(decode(rest.substring(0, slash)), decode(rest.substring(slash + 1)), reencrypt);
    }

    static String decode(String label) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '%') {
                if (i + 2 >= label.length()) throw AdapterError.badRequest("bad percent-encoding in path");
                int hi = Character.digit(label.charAt(i + 1), 16);
                int lo = Character.digit(label.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw AdapterError.badRequest("bad percent-encoding in path");
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
