package s3cse.javav1;

import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3EncryptionClientBuilder;
import com.amazonaws.services.s3.AmazonS3EncryptionClientV2Builder;
import com.amazonaws.services.s3.model.CryptoConfiguration;
import com.amazonaws.services.s3.model.CryptoConfigurationV2;
import com.amazonaws.services.s3.model.CryptoMode;
import com.amazonaws.services.s3.model.CryptoRangeGetMode;
import com.amazonaws.services.s3.model.CryptoStorageMode;

import java.util.Map;

/** Builds the v1 encryption client that matches a {@link ClientSettings}. */
final class ClientFactory {
    private final ServiceEndpoints endpoints;
    /**
     * One KMS client for all encryption clients (it is thread-safe and pools connections), built
     * on first use so that a missing region on a real-AWS run fails a call, not the server start.
     */
    private AWSKMS kms;

    ClientFactory(ServiceEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    private synchronized AWSKMS kms() {
        if (kms == null) kms = endpoints.kmsClient();
        return kms;
    }

    /**
     * @param extraDescription per-call description entries merged into the key's materials; v1
     *                         checks a KMS object's stored context against the configured
     *                         materials, so this is how a reader states the context it expects.
     */
    AmazonS3 build(ClientSettings settings, Map<String, String> extraDescription) {
        CryptoStorageMode storage = settings.instructionFile() ? CryptoStorageMode.InstructionFile : CryptoStorageMode.ObjectMetadata;
        return switch (settings.format()) {
            case V1_EO -> legacyClient(settings, extraDescription, new CryptoConfiguration(CryptoMode.EncryptionOnly).withStorageMode(storage));
            case V1_AE -> legacyClient(settings, extraDescription, new CryptoConfiguration(CryptoMode.AuthenticatedEncryption).withStorageMode(storage));
            case V2, READ_ONLY -> v2Client(settings, extraDescription, storage);
        };
    }

    /** The mode name, for logs and error messages. */
    static String describe(ClientSettings settings) {
        return switch (settings.format()) {
            case V1_EO -> "AmazonS3EncryptionClient/EncryptionOnly";
            case V1_AE -> "AmazonS3EncryptionClient/AuthenticatedEncryption";
            case V2, READ_ONLY -> "AmazonS3EncryptionClientV2/" + v2Mode(settings);
        };
    }

    private AmazonS3 legacyClient(ClientSettings settings, Map<String, String> extra, CryptoConfiguration crypto) {
        AmazonS3EncryptionClientBuilder builder = AmazonS3EncryptionClientBuilder.standard()
            .withEncryptionMaterials(settings.provider(extra))
            .withCryptoConfiguration(crypto)
            .withKmsClient(kms());
        return endpoints.configureS3(builder).build();
    }

    private AmazonS3 v2Client(ClientSettings settings, Map<String, String> extra, CryptoStorageMode storage) {
        CryptoMode mode = v2Mode(settings);
        CryptoConfigurationV2 crypto = new CryptoConfigurationV2(mode).withStorageMode(storage);
        // Ranged GETs skip GCM authentication, so they ride on the same opt-in as the other
        // unauthenticated legacy reads (as in the Java v3/v4 client).
        if (mode == CryptoMode.AuthenticatedEncryption) crypto.withRangeGetMode(CryptoRangeGetMode.ALL);
        AmazonS3EncryptionClientV2Builder builder = AmazonS3EncryptionClientV2Builder.standard()
            .withEncryptionMaterialsProvider(settings.provider(extra))
            .withCryptoConfiguration(crypto)
            .withKmsClient(kms());
        return endpoints.configureS3(builder).build();
    }

    private static CryptoMode v2Mode(ClientSettings settings) {
        return settings.legacyReads() ? CryptoMode.AuthenticatedEncryption : CryptoMode.StrictAuthenticatedEncryption;
    }
}
