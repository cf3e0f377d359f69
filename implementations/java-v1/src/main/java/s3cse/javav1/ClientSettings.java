package s3cse.javav1;

import com.amazonaws.services.s3.model.EncryptionMaterialsProvider;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What POST /client asked for, reduced to the choices v1 offers.
 *
 * @param format          the format this client writes (see {@link WriteFormat})
 * @param legacyModes     enableLegacyUnauthenticatedModes
 * @param legacyWrapping  enableLegacyWrappingAlgorithms
 * @param instructionFile store envelopes in instruction files on PUT
 * @param key             the key material
 * @param emrfs           extension s3cse.emrfs: behave as EMRFS does (null: a plain v1 client)
 */
record ClientSettings(WriteFormat format, boolean legacyModes, boolean legacyWrapping, boolean instructionFile, KeySpec key, EmrfsSettings emrfs) {

    /** Either legacy switch admits what v1 calls AuthenticatedEncryption (reads CBC and legacy wraps). */
    boolean legacyReads() {
        return legacyModes || legacyWrapping;
    }

    static ClientSettings parse(JsonNode body) {
        JsonNode config = body == null ? null : body.get("config");
        if (config == null || !config.isObject()) throw AdapterError.badRequest("body must be {\"config\": {...}}");
        refuseUnsupportedSwitches(config);
        KeySpec key = KeySpec.parse(config.get("keyMaterial"));
        JsonNode instructionConfig = config.path("instructionFileConfig");
        return new ClientSettings(
            WriteFormat.select(config),
            config.path("enableLegacyUnauthenticatedModes").asBoolean(false),
            config.path("enableLegacyWrappingAlgorithms").asBoolean(false),
            instructionConfig.path("enableInstructionFilePutObject").asBoolean(false),
            key,
            EmrfsSettings.parse(config));
    }

    /** The client's materials; an EMRFS-style client wraps raw keys the way EMRFS's custom providers behave. */
    EncryptionMaterialsProvider provider(Map<String, String> extra) {
        if (emrfs != null && !(key instanceof KeySpec.Kms)) return new EmrfsStyleMaterialsProvider(key.materials(extra));
        return key.provider(extra);
    }

    /**
     * Settings v1 has no equivalent for. Refusing is more honest than silently behaving differently
     * (setBufferSize is ignored instead: v1 has no buffer limit and it changes no format decision).
     */
    private static void refuseUnsupportedSwitches(JsonNode config) {
        if (config.path("enableDelayedAuthenticationMode").asBoolean(false)) {
            throw AdapterError.refusal("unsupported", "UnsupportedSetting",
                "enableDelayedAuthenticationMode: AWS SDK for Java v1 has no delayed-authentication mode", null);
        }
        if (config.path("instructionFileConfig").path("disableInstructionFile").asBoolean(false)) {
            throw AdapterError.refusal("unsupported", "UnsupportedSetting",
                "disableInstructionFile: AWS SDK for Java v1 cannot turn off instruction-file reads", null);
        }
    }
}
