package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The GET /capabilities document, from this build's {@link LibraryLine}. */
final class Capabilities {
  private Capabilities() {}

  static ObjectNode document() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    doc.put("protocol", "s3cse-adapter/1");
    ObjectNode impl = doc.putObject("implementation");
    impl.put("name", LibraryLine.IMPLEMENTATION_NAME);
    impl.put("version", LibraryLine.LIBRARY_VERSION);
    impl.put("language", "java");
    impl.put("library", "software.amazon.encryption.s3:amazon-s3-encryption-client-java");
    claims(doc.putArray("write"), LibraryLine.writeClaims());
    claims(doc.putArray("read"), LibraryLine.readClaims());
    ArrayNode features = doc.putArray("features");
    LibraryLine.features().forEach(features::add);
    return doc;
  }

  private static void claims(ArrayNode out, List<Claim> claims) {
    for (Claim c : claims) {
      ObjectNode n = out.addObject();
      n.put("format", c.format);
      c.keys.forEach(n.putArray("keys")::add);
      c.storage.forEach(n.putArray("storage")::add);
    }
  }
}
