package s3cse.adapter.s3ec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The `Content-Metadata` header: `[name]:[value]` entries joined by commas (the form of the AWS
 * Java test server's MetadataUtils). Names and values cannot contain `,`, `[` or `]`.
 */
final class ContentMetadata {
  private static final Pattern ENTRY = Pattern.compile("^\\s*\\[(.*)\\]:\\[(.*)\\]\\s*$", Pattern.DOTALL);

  private ContentMetadata() {}

  static Map<String, String> parse(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || header.isBlank()) return out;
    // The server hands header bytes over one char per byte (ISO-8859-1); the protocol's bytes are UTF-8.
    String text = new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    for (String entry : text.split(",")) {
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) throw new BadRequest("malformed Content-Metadata entry: " + abbreviate(entry));
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  static String format(Map<String, String> entries) {
    StringJoiner j = new StringJoiner(",");
    entries.forEach((k, v) -> j.add("[" + k + "]:[" + v + "]"));
    return j.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
