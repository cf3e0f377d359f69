package binding

import (
	"context"

	"github.com/aws/amazon-s3-encryption-client-go/v3/algorithms"
	"github.com/aws/amazon-s3-encryption-client-go/v3/client"
	"github.com/aws/amazon-s3-encryption-client-go/v3/commitment"
	"github.com/aws/amazon-s3-encryption-client-go/v3/materials"
)

const s3ecV3Module = "github.com/aws/amazon-s3-encryption-client-go/v3"

// s3ecV3 is amazon-s3-encryption-client-go v3.2, the transition release: it takes the v4
// options (commitment policy, algorithm suite) and reads V3, but refuses to write V3 at PutObject
// ("ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY is not supported for encryption in S3EC V3").
type s3ecV3 struct{ sdk *sdkV2Clients }

// NewS3ECV3 binds the v3 library to the target's S3 and KMS.
func NewS3ECV3(ctx context.Context, target Target) (Library, error) {
	sdk, err := newSDKV2Clients(ctx, target)
	if err != nil {
		return nil, err
	}
	return &s3ecV3{sdk: sdk}, nil
}

func (l *s3ecV3) Capabilities() Capabilities {
	return newClientCapabilities("go-s3ec-v3", s3ecV3Module, []string{FormatV2})
}

func (l *s3ecV3) NewClient(_ context.Context, cfg Config) (Client, error) {
	keyID, err := kmsKeyID(cfg.KeyMaterial)
	if err != nil {
		return nil, err
	}
	if err := refuseForNewClients(cfg); err != nil {
		return nil, err
	}
	policy, err := v3Policy(cfg.CommitmentPolicy)
	if err != nil {
		return nil, err
	}
	suite, err := v3Suite(cfg.EncryptionAlgorithm)
	if err != nil {
		return nil, err
	}
	keyring := materials.NewKmsKeyring(l.sdk.kms, keyID, func(o *materials.KeyringOptions) {
		o.EnableLegacyWrappingAlgorithms = cfg.EnableLegacyWrappingAlgorithms
	})
	cmm, err := materials.NewCryptographicMaterialsManager(keyring)
	if err != nil {
		return nil, err
	}
	encryptionClient, err := client.New(l.sdk.s3, cmm, func(o *client.EncryptionClientOptions) {
		o.EnableLegacyUnauthenticatedModes = cfg.EnableLegacyUnauthenticatedModes
		if policy != nil {
			o.CommitmentPolicy = *policy
		}
		if suite != nil {
			o.EncryptionAlgorithmSuite = suite
		}
		if cfg.SetBufferSize != nil {
			o.BufferSize = *cfg.SetBufferSize
		}
	})
	if err != nil {
		return nil, err
	}
	return &s3ecClient{api: encryptionClient, contextKey: client.EncryptionContext, keyMaterial: cfg.KeyMaterial}, nil
}

// v3Policy maps the protocol's policy name; nil keeps the library default.
func v3Policy(name string) (*commitment.CommitmentPolicy, error) {
	var p commitment.CommitmentPolicy
	switch name {
	case "":
		return nil, nil
	case ForbidEncryptAllowDecrypt:
		p = commitment.FORBID_ENCRYPT_ALLOW_DECRYPT
	case RequireEncryptAllowDecrypt:
		p = commitment.REQUIRE_ENCRYPT_ALLOW_DECRYPT
	case RequireEncryptRequireDecrypt:
		p = commitment.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
	default:
		return nil, badRequest("unknown commitmentPolicy %q", name)
	}
	return &p, nil
}

// v3Suite maps the protocol's algorithm name; nil keeps the library default. CBC is passed on
// so that the library itself refuses it as an encryption algorithm.
func v3Suite(name string) (*algorithms.AlgorithmSuite, error) {
	switch name {
	case "":
		return nil, nil
	case AlgCBC:
		return algorithms.AlgAES256CBCIV16NoKDF, nil
	case AlgGCM:
		return algorithms.AlgAES256GCMIV12Tag16NoKDF, nil
	case AlgCommitKey:
		return algorithms.AlgAES256GCMHkdfSha512CommitKey, nil
	}
	return nil, badRequest("unknown encryptionAlgorithm %q", name)
}
