package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading requests and writing responses on the JDK HTTP server. */
final class Exchanges {
  static final ObjectMapper JSON = new ObjectMapper();

  private Exchanges() {}

  static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  static JsonNode jsonBody(HttpExchange ex) throws IOException {
    byte[] bytes = body(ex);
    if (bytes.length == 0) throw new BadRequest("request body must be JSON");
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BadRequest("request body is not valid JSON");
    }
  }

  static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, status, JSON.writeValueAsBytes(body));
  }

  static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    // -1 tells the JDK server "no body" (a zero-length 200 must still be a body of length 0).
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static void sendError(HttpExchange ex, ErrorReport report) throws IOException {
    ex.getResponseHeaders().set("X-Amzn-ErrorType", report.body.get("__type").asText());
    sendJson(ex, report.status, report.body);
  }

  static String header(HttpExchange ex, String name) {
    return ex.getRequestHeaders().getFirst(name);
  }
}
