package s3cse.adapter.s3ec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.encryption.s3.materials.AesKeyring;
import software.amazon.encryption.s3.materials.KmsKeyring;
import software.amazon.encryption.s3.materials.MaterialsDescription;
import software.amazon.encryption.s3.materials.PartialRsaKeyPair;
import software.amazon.encryption.s3.materials.RawKeyring;
import software.amazon.encryption.s3.materials.RsaKeyring;
import software.amazon.encryption.s3.materials.S3Keyring;

/** Turns protocol KeyMaterial into S3EC keyrings (the same API in 3.x and 4.x). */
final class Keyrings {
  private final KmsClient kms;

  Keyrings(KmsClient kms) {
    this.kms = kms;
  }

  /**
   * The keyring of a client. The legacy-wrapping switch must be set on the keyring itself: the
   * client builder's switch only reaches keyrings the builder makes (it just warns otherwise).
   */
  S3Keyring forClient(KeyMaterialSpec key, boolean legacyWrapping) {
    switch (key.kind) {
      case AES:
        return withDescription(AesKeyring.builder().wrappingKey(aesKey(key)), key)
            .enableLegacyWrappingAlgorithms(legacyWrapping).build();
      case RSA:
        return withDescription(RsaKeyring.builder().wrappingKeyPair(rsaKeyPair(key)), key)
            .enableLegacyWrappingAlgorithms(legacyWrapping).build();
      case KMS:
        // Built here with our KmsClient: the builder's kmsKeyId() shortcut makes its own KMS
        // client and ignores endpoint overrides, which would send local tests to real AWS.
        return KmsKeyring.builder().kmsClient(kms).wrappingKeyId(key.kmsKeyId)
            .enableLegacyWrappingAlgorithms(legacyWrapping).build();
      default:
        throw new IllegalStateException("unreachable");
    }
  }

  /** The new keyring of a re-encryption; the library takes raw (AES/RSA) keyrings only. */
  RawKeyring<?> forReEncryption(KeyMaterialSpec key) {
    switch (key.kind) {
      case AES:
        return withDescription(AesKeyring.builder().wrappingKey(aesKey(key)), key).build();
      case RSA:
        return withDescription(RsaKeyring.builder().wrappingKeyPair(rsaKeyPair(key)), key).build();
      default:
        throw Refusal.unsupported("ReEncryptKmsUnsupported",
            "reEncryptInstructionFile takes a RawKeyring (AES or RSA); a KMS key cannot be the new key");
    }
  }

  private static <B extends RawKeyring.Builder<?, B, ?>> B withDescription(B builder, KeyMaterialSpec key) {
    if (!key.materialsDescription.isEmpty()) {
      builder.materialsDescription(MaterialsDescription.builder().putAll(key.materialsDescription).build());
    }
    return builder;
  }

  private static SecretKeySpec aesKey(KeyMaterialSpec key) {
    int n = key.keyBytes.length;
    if (n != 16 && n != 24 && n != 32) throw new BadRequest("aesKey must be 16, 24 or 32 bytes, got " + n);
    return new SecretKeySpec(key.keyBytes, "AES");
  }

  /** The protocol sends only the private key; the public half comes from its CRT parameters. */
  private static PartialRsaKeyPair rsaKeyPair(KeyMaterialSpec key) {
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(key.keyBytes));
      if (!(priv instanceof RSAPrivateCrtKey)) throw new BadRequest("rsaKey must be a PKCS#8 RSA key with CRT parameters");
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
      PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return new PartialRsaKeyPair(priv, pub);
    } catch (GeneralSecurityException e) {
      throw new BadRequest("rsaKey is not a PKCS#8 DER RSA private key (" + e.getClass().getSimpleName() + ")");
    }
  }
}
