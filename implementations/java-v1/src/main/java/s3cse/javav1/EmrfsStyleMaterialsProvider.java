package s3cse.javav1;

import com.amazonaws.services.s3.model.EncryptionMaterials;
import com.amazonaws.services.s3.model.EncryptionMaterialsProvider;

import java.util.Map;

/**
 * A raw key behind the provider contract EMRFS's custom providers follow (EMR docs' example
 * provider, awslabs EMRFSRSAEncryptionMaterialsProvider): the request description EMRFS passes
 * ({@code Path}, {@code JobflowId}) may guide the choice but never has to equal the key's own
 * description. The key is refused only when the request names one of the key's own description
 * entries with another value (EMRFSRSAEncryptionMaterialsProvider's {@code rsa_name} check).
 */
final class EmrfsStyleMaterialsProvider implements EncryptionMaterialsProvider {
    private final EncryptionMaterials materials;

    EmrfsStyleMaterialsProvider(EncryptionMaterials materials) {
        this.materials = materials;
    }

    @Override
    public EncryptionMaterials getEncryptionMaterials(Map<String, String> description) {
        if (description != null) {
            Map<String, String> own = materials.getMaterialsDescription();
            for (Map.Entry<String, String> entry : own.entrySet()) {
                String asked = description.get(entry.getKey());
                if (asked != null && !asked.equals(entry.getValue())) {
                    throw new IllegalArgumentException("no key for materials description entry " + entry.getKey() + "=" + asked);
                }
            }
        }
        return materials;
    }

    @Override
    public EncryptionMaterials getEncryptionMaterials() {
        return materials;
    }

    @Override
    public void refresh() {
    }
}
