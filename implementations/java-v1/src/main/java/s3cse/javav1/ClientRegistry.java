package s3cse.javav1;

import com.amazonaws.services.s3.AmazonS3;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The clients POST /client created, by the opaque id handed back to the harness. */
final class ClientRegistry {
    private final ClientFactory factory;
    private final Map<String, Entry> clients = new ConcurrentHashMap<>();

    ClientRegistry(ClientFactory factory) {
        this.factory = factory;
    }

    /**
     * One configured client. KMS readers that state an expected context get a sibling client
     * whose materials carry that context (v1 compares it with the stored one); those are
     * built on first use and kept, since the harness repeats the same contexts.
     */
    final class Entry {
        final ClientSettings settings;
        final AmazonS3 client;
        private final Map<Map<String, String>, AmazonS3> withContext = new ConcurrentHashMap<>();

        private Entry(ClientSettings settings, AmazonS3 client) {
            this.settings = settings;
            this.client = client;
        }

        AmazonS3 clientExpecting(Map<String, String> context) {
            if (context.isEmpty()) return client;
            return withContext.computeIfAbsent(Map.copyOf(context), c -> factory.build(settings, c));
        }
    }

    String create(ClientSettings settings) {
        AmazonS3 client;
        try {
            client = factory.build(settings, Map.of());
        } catch (RuntimeException e) {
            // The builder validates the configuration (e.g. Bouncy Castle for AE modes): a refusal.
            throw ErrorClassifier.classify(e);
        }
        String id = UUID.randomUUID().toString();
        clients.put(id, new Entry(settings, client));
        return id;
    }

    Entry get(String id) {
        if (id == null || id.isBlank()) throw AdapterError.badRequest("missing ClientID header");
        Entry entry = clients.get(id);
        if (entry == null) throw AdapterError.badRequest("unknown ClientID " + id);
        return entry;
    }
}
