package s3cse.javav1;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3EncryptionClient;
import com.amazonaws.services.s3.AmazonS3EncryptionV2;
import com.amazonaws.services.s3.model.EncryptedGetObjectRequest;
import com.amazonaws.services.s3.model.EncryptedPutObjectRequest;
import com.amazonaws.services.s3.model.ExtraMaterialsDescription;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutInstructionFileRequest;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectId;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PUT, GET and re-encrypt of one object through a registered v1 encryption client. */
final class ObjectOperations {
    /** v1 names instruction files {@code <key>.<suffix>} and takes the suffix without its dot. */
    private static final String DEFAULT_SUFFIX = "instruction";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final ClientRegistry registry;

    ObjectOperations(ClientRegistry registry) {
        this.registry = registry;
    }

    /** @return the per-call metadata that was applied, echoed in the PUT response */
    Map<String, String> put(String clientId, ObjectPath path, byte[] plaintext, String contentMetadata) {
        ClientRegistry.Entry entry = registry.get(clientId);
        Map<String, String> context = MetadataHeader.parse(contentMetadata);
        if (entry.settings.format() == WriteFormat.READ_ONLY) {
            throw AdapterError.refusal("unsupported", "UnsupportedFormat",
                "this client was configured for ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, which AWS SDK for Java v1 cannot write", null);
        }
        ObjectMetadata metadata = new ObjectMetadata();
        metadata.setContentLength(plaintext.length);
        EncryptedPutObjectRequest request = new EncryptedPutObjectRequest(path.bucket(), path.key(), new ByteArrayInputStream(plaintext), metadata);
        // An EMRFS-style client describes every PUT as EMRFS does; the caller's entries go on top.
        Map<String, String> description = new LinkedHashMap<>();
        if (entry.settings.emrfs() != null) description.putAll(entry.settings.emrfs().requestDescription(entry.settings.key(), path));
        description.putAll(context);
        if (!description.isEmpty()) request.withMaterialsDescription(description);
        try {
            entry.client.putObject(request);
        } catch (RuntimeException e) {
            throw ErrorClassifier.classify(e);
        }
        return description;
    }

    record Decrypted(byte[] plaintext, Map<String, String> userMetadata) {}

    Decrypted get(String clientId, ObjectPath path, String contentMetadata, String range, String instructionFileSuffix) {
        ClientRegistry.Entry entry = registry.get(clientId);
        Map<String, String> context = MetadataHeader.parse(contentMetadata);
        EncryptedGetObjectRequest request = new EncryptedGetObjectRequest(path.bucket(), path.key());
        if (instructionFileSuffix != null) request.withInstructionFileSuffix(getSuffix(instructionFileSuffix));
        if (range != null) applyRange(request, range);
        boolean kms = entry.settings.key() instanceof KeySpec.Kms;
        // v1 ignores a request's extra description for KMS objects and compares the stored context
        // with the client's materials instead. For raw keys the extra description overrides the
        // stored one when v1 looks the key up, so a caller stating the wrong description fails the
        // lookup; OVERRIDE because the default (FAIL_FAST) refuses even an identical entry.
        if (!context.isEmpty() && !kms) {
            request.withExtraMaterialsDescription(new ExtraMaterialsDescription(context, ExtraMaterialsDescription.ConflictResolution.OVERRIDE));
        }
        try {
            AmazonS3 client = kms ? entry.clientExpecting(context) : entry.client;
            try (S3Object object = client.getObject(request); InputStream content = object.getObjectContent()) {
                byte[] plaintext = content.readAllBytes();
                return new Decrypted(plaintext, object.getObjectMetadata().getUserMetadata());
            }
        } catch (RuntimeException | IOException e) {
            throw ErrorClassifier.classify(e);
        }
    }

    record ReEncrypted(String suffix, boolean enforceRotation) {}

    /**
     * v1's putInstructionFile: decrypts the data key with the client's materials and writes it,
     * wrapped under the new key, to {@code <key>.<suffix>} (default suffix: overwrite
     * {@code .instruction}). v1 has no rotation switch of its own: it always refuses a new key
     * whose materials description equals the old one, so EnforceRotation is only echoed.
     */
    ReEncrypted reencrypt(String clientId, ObjectPath path, KeySpec newKey, String suffixHeader, boolean enforceRotation) {
        ClientRegistry.Entry entry = registry.get(clientId);
        String suffix = suffixHeader == null || suffixHeader.isBlank() ? DEFAULT_SUFFIX : stripDot(suffixHeader);
        try {
            PutInstructionFileRequest request = new PutInstructionFileRequest(
                new S3ObjectId(path.bucket(), path.key()), newKey.materials(Map.of()), suffix);
            if (entry.client instanceof AmazonS3EncryptionV2 v2) {
                v2.putInstructionFile(request);
            } else if (entry.client instanceof AmazonS3EncryptionClient legacy) {
                legacy.putInstructionFile(request);
            } else {
                throw AdapterError.internal("client is not an encryption client", null);
            }
        } catch (AdapterError e) {
            throw e;
        } catch (RuntimeException e) {
            throw ErrorClassifier.classify(e);
        }
        return new ReEncrypted(suffixHeader, enforceRotation);
    }

    /**
     * The protocol's GET suffix is appended verbatim ({@code <key><suffix>}, e.g. ".instruction-rsa");
     * v1 always inserts the dot itself, so only dotted suffixes are expressible.
     */
    private static String getSuffix(String verbatim) {
        if (!verbatim.startsWith(".") || verbatim.length() < 2) {
            throw AdapterError.refusal("unsupported", "UnsupportedSuffix",
                "AWS SDK for Java v1 reads instruction files named <key>.<suffix>; cannot read <key>" + verbatim, null);
        }
        return verbatim.substring(1);
    }

    /** Re-encrypt suffixes follow the Java clients' convention (no dot); tolerate one anyway. */
    private static String stripDot(String suffix) {
        return suffix.startsWith(".") ? suffix.substring(1) : suffix;
    }

    private static void applyRange(EncryptedGetObjectRequest request, String header) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw AdapterError.badRequest("unsupported Range header (expected bytes=a-b or bytes=a-)");
        }
        if (m.group(1).isEmpty()) {
            throw AdapterError.refusal("unsupported", "UnsupportedRange",
                "AWS SDK for Java v1 takes ranges by start offset; suffix ranges (bytes=-n) are not expressible", null);
        }
        long start = Long.parseLong(m.group(1));
        if (m.group(2).isEmpty()) {
            request.withRange(start);
        } else {
            request.withRange(start, Long.parseLong(m.group(2)));
        }
    }
}
