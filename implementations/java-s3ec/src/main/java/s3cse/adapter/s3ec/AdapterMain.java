package s3cse.adapter.s3ec;

/**
 * Entry point: `java -cp <buildDir>/classes:<buildDir>/lib/* s3cse.adapter.s3ec.AdapterMain`.
 * Listens on 127.0.0.1:$S3EC_ADAPTER_PORT. Stdout stays empty; one status line goes to stderr.
 */
public final class AdapterMain {
  private AdapterMain() {}

  public static void main(String[] args) throws Exception {
    String portVariable = System.getenv("S3EC_ADAPTER_PORT");
    if (portVariable == null || portVariable.isEmpty()) {
      System.err.println("S3EC_ADAPTER_PORT is not set");
      System.exit(2);
    }
    TargetClients target = TargetClients.fromEnvironment();
    AdapterServer server = new AdapterServer(target, Integer.parseInt(portVariable));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    System.err.println(LibraryLine.IMPLEMENTATION_NAME + " (S3EC " + LibraryLine.LIBRARY_VERSION + ") listening on 127.0.0.1:"
        + server.port() + " (" + target.description + ")");
  }
}
