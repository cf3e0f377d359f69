package s3cse.javav1;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Security;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Starts the s3cse-adapter/1 server on 127.0.0.1:$S3EC_ADAPTER_PORT. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        // The SDK's end-of-support banner goes to stderr on first use; it is noise in harness logs.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        // v1's AuthenticatedEncryption modes check for Bouncy Castle before they build.
        Security.addProvider(new BouncyCastleProvider());

        int port = port();
        ServiceEndpoints endpoints = ServiceEndpoints.fromEnvironment();
        ClientRegistry registry = new ClientRegistry(new ClientFactory(endpoints));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", new ProtocolHandler(registry));
        // A few threads: the harness sends one call at a time, but a slow call must not block readiness probes.
        ExecutorService workers = Executors.newFixedThreadPool(4);
        server.setExecutor(workers);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            workers.shutdownNow();
        }));
        System.out.printf("java-v1 adapter listening on http://127.0.0.1:%d (%s) after %d ms%n",
            port, endpoints.describe(), (System.nanoTime() - started) / 1_000_000);
    }

    private static int port() {
        String value = System.getenv("S3EC_ADAPTER_PORT");
        if (value == null || value.isBlank()) {
            System.err.println("S3EC_ADAPTER_PORT is not set");
            System.exit(2);
        }
        return Integer.parseInt(value.trim());
    }
}
