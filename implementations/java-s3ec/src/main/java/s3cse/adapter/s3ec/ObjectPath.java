package s3cse.adapter.s3ec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * `/object/{bucket}/{key}` and `/object/{bucket}/{key}/reencrypt`, split on the raw path so that
 * a key's `/` sent as `%2F` stays inside the key; the labels are percent-decoded afterwards.
 */
final class ObjectPath {
  private static final String PREFIX = "/object/";
  private static final String REENCRYPT = "/reencrypt";

  final String bucket;
  final String key;
  final boolean reEncrypt;

  private ObjectPath(String bucket, String key, boolean reEncrypt) {
    this.bucket = bucket;
    this.key = key;
    this.reEncrypt = reEncrypt;
  }

  /** `reEncryptAllowed`: only POST has the `/reencrypt` form, so a PUT key may end in it. */
  static ObjectPath parse(String rawPath, boolean reEncryptAllowed) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) throw new BadRequest("path must start with /object/");
    String rest = rawPath.substring(PREFIX.length());
    boolean reEncrypt = reEncryptAllowed && rest.endsWith(REENCRYPT);
    if (reEncrypt) rest = rest.substring(0, rest.length() - REENCRYPT.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) throw new BadRequest("path must be /object/{bucket}/{key}");
    return new ObjectPath(decode(rest.substring(0, slash)), decode(rest.substring(slash + 1)), reEncrypt);
  }

  /** Percent-decoding only: a literal `+` in a path label is a plus, not a space. */
  private static String decode(String label) {
    try {
      return URLDecoder.decode(label.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("bad percent-encoding in path");
    }
  }
}
