package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.encryption.s3.S3EncryptionClient;

/** The protocol's routes (harness/PROTOCOL.md) on the JDK's built-in HTTP server. */
final class AdapterServer {
  private final EncryptionClients clients;
  private final ObjectOperations objects;
  private final HttpServer http;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);

  AdapterServer(TargetClients target, int port) throws IOException {
    this.clients = new EncryptionClients(target);
    this.objects = new ObjectOperations(new Keyrings(target.kms));
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    http.createContext("/", this::dispatch);
    http.setExecutor(workers);
  }

  void start() {
    http.start();
  }

  void stop() {
    http.stop(0);
    workers.shutdownNow();
  }

  int port() {
    return http.getAddress().getPort();
  }

  private interface Route {
    void handle(HttpExchange ex) throws Exception;
  }

  /** One bad request must never take the server down: every failure becomes an error body. */
  private void dispatch(HttpExchange ex) {
    try {
      route(ex).handle(ex);
    } catch (Throwable t) {
      try {
        ErrorReport report = ErrorReport.of(t);
        if (report.status >= 500) System.err.println("adapter error on " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": " + ErrorReport.describe(t));
        Exchanges.sendError(ex, report);
      } catch (Throwable ignored) {
        // The response was already under way or the caller left; nothing more to tell it.
      }
    } finally {
      ex.close();
    }
  }

  private Route route(HttpExchange ex) {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getRawPath();
    if (path.equals("/capabilities") && method.equals("GET")) return e -> Exchanges.sendJson(e, 200, Capabilities.document());
    if (path.equals("/client") && method.equals("POST")) return this::createClient;
    if (path.startsWith("/object/")) {
      switch (method) {
        case "PUT": return this::putObject;
        case "GET": return this::getObject;
        case "POST": return this::reEncrypt;
        default: break;
      }
    }
    return e -> { throw new BadRequest("no route for " + method + " " + path); };
  }

  private void createClient(HttpExchange ex) throws IOException {
    String id = clients.create(ClientConfig.parse(Exchanges.jsonBody(ex)));
    Exchanges.sendJson(ex, 200, JsonNodeFactory.instance.objectNode().put("clientId", id));
  }

  private void putObject(HttpExchange ex) throws IOException {
    ObjectPath path = ObjectPath.parse(ex.getRequestURI().getRawPath(), false);
    S3EncryptionClient client = clients.get(Exchanges.header(ex, "ClientID"));
    var context = ContentMetadata.parse(Exchanges.header(ex, "Content-Metadata"));
    Exchanges.sendJson(ex, 200, objects.put(client, path, context, Exchanges.body(ex)));
  }

  private void getObject(HttpExchange ex) throws IOException {
    ObjectPath path = ObjectPath.parse(ex.getRequestURI().getRawPath(), false);
    S3EncryptionClient client = clients.get(Exchanges.header(ex, "ClientID"));
    var context = ContentMetadata.parse(Exchanges.header(ex, "Content-Metadata"));
    ResponseBytes<GetObjectResponse> got = objects.get(client, path, context,
        Exchanges.header(ex, "Range"), Exchanges.header(ex, "InstructionFileSuffix"));
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.getResponseHeaders().set("Content-Metadata", ContentMetadata.format(got.response().metadata()));
    Exchanges.send(ex, 200, got.asByteArray());
  }

  private void reEncrypt(HttpExchange ex) throws IOException {
    ObjectPath path = ObjectPath.parse(ex.getRequestURI().getRawPath(), true);
    if (!path.reEncrypt) throw new BadRequest("POST is only for /object/{bucket}/{key}/reencrypt");
    S3EncryptionClient client = clients.get(Exchanges.header(ex, "ClientID"));
    JsonNode body = Exchanges.jsonBody(ex);
    String rotation = Exchanges.header(ex, "EnforceRotation");
    Boolean enforceRotation = rotation == null || rotation.isEmpty() ? null : Boolean.valueOf(rotation.trim());
    Exchanges.sendJson(ex, 200, objects.reEncrypt(client, path, KeyMaterialSpec.parse(body),
        Exchanges.header(ex, "InstructionFileSuffix"), enforceRotation));
  }
}
