package s3cse.javav1;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extension {@code config.s3cse.emrfs}: build the client the way EMRFS builds its own from
 * emrfs-site, so objects look exactly like EMRFS's (PROTOCOL.md, "EMRFS-style clients").
 *
 * EMRFS (decompiled emrfs-hadoop 2.37.0, {@code CSEUtils.getMaterialsDescription}) hands every
 * PUT a request materials description: {@code {"kms_cmk_id": keyId}} when the provider is its KMS
 * provider, else {@code {"Path": "s3://bucket/key", "JobflowId": id}} when
 * {@code fs.s3.cse.materialsDescription.enabled} is true, else none. Custom EMRFS providers
 * return their key for such a description instead of treating it as a key selector, which
 * {@link EmrfsStyleMaterialsProvider} reproduces for raw keys.
 *
 * @param materialsDescription fs.s3.cse.materialsDescription.enabled
 * @param jobFlowId            the cluster id EMRFS puts in {@code JobflowId}
 */
record EmrfsSettings(boolean materialsDescription, String jobFlowId) {
    /** What EMRFS uses when it cannot find the cluster's id. */
    static final String UNKNOWN_JOB_FLOW_ID = "UnknownJobFlowId";

    /** @return the settings, or null when the extension is absent */
    static EmrfsSettings parse(JsonNode config) {
        JsonNode node = config.path("s3cse").path("emrfs");
        if (node.isMissingNode() || node.isNull()) return null;
        if (!node.isObject()) throw AdapterError.badRequest("s3cse.emrfs must be an object");
        String jobFlowId = node.path("jobFlowId").asText("");
        return new EmrfsSettings(node.path("materialsDescription").asBoolean(false),
            jobFlowId.isBlank() ? UNKNOWN_JOB_FLOW_ID : jobFlowId);
    }

    /** The materials description EMRFS attaches to a PUT of {@code path} (empty: none). */
    Map<String, String> requestDescription(KeySpec key, ObjectPath path) {
        Map<String, String> description = new LinkedHashMap<>();
        if (key instanceof KeySpec.Kms kms) {
            description.put("kms_cmk_id", kms.keyId());
        } else if (materialsDescription) {
            description.put("Path", "s3://" + path.bucket() + "/" + path.key());
            description.put("JobflowId", jobFlowId);
        }
        return description;
    }
}
