package s3cse.javav1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Content-Metadata header: a restJson1 list header of {@code [name]:[value]} entries,
 * comma-separated. The protocol forbids ',', '[' and ']' inside names and values, which is
 * what makes this simple split unambiguous.
 */
final class MetadataHeader {
    private MetadataHeader() {}

    static Map<String, String> parse(String header) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (header == null || header.isBlank()) return entries;
        // The server hands header bytes over one char per byte (ISO-8859-1); the protocol's bytes are UTF-8.
        String text = new String(header.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            int separator = entry.indexOf("]:[");
            if (!entry.startsWith("[") || !entry.endsWith("]") || separator < 0) {
                throw AdapterError.badRequest("malformed Content-Metadata entry (expected [name]:[value])");
            }
            entries.put(entry.substring(1, separator), entry.substring(separator + 3, entry.length() - 1));
        }
        return entries;
    }

    static List<String> entries(Map<String, String> metadata) {
        List<String> list = new ArrayList<>(metadata.size());
        metadata.forEach((name, value) -> list.add("[" + name + "]:[" + value + "]"));
        return list;
    }

    /**
     * The header form of an object's user metadata. Entries whose text would break the list
     * syntax (v1's JSON matdesc has commas) or is not header-safe are left out: the header is
     * informational.
     */
    static String format(Map<String, String> metadata) {
        List<String> safe = new ArrayList<>();
        metadata.forEach((name, value) -> {
            String text = name + value;
            if (text.chars().noneMatch(c -> c == ',' || c == '[' || c == ']' || c < 0x20 || c > 0x7e)) {
                safe.add("[" + name + "]:[" + value + "]");
            }
        });
        return String.join(",", safe);
    }
}
