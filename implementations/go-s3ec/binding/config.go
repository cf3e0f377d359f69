// Package binding puts the Go S3 encryption libraries behind one small interface, so the
// protocol server does not care which of them a process was started with.
package binding

import "context"

// Config is the `config` member of POST /client (PROTOCOL.md). Pointers tell "absent" from
// "false/zero" where the library default differs from the zero value.
type Config struct {
	EnableLegacyUnauthenticatedModes bool                   `json:"enableLegacyUnauthenticatedModes"`
	EnableDelayedAuthenticationMode  bool                   `json:"enableDelayedAuthenticationMode"`
	EnableLegacyWrappingAlgorithms   bool                   `json:"enableLegacyWrappingAlgorithms"`
	SetBufferSize                    *int64                 `json:"setBufferSize"`
	KeyMaterial                      KeyMaterial            `json:"keyMaterial"`
	CommitmentPolicy                 string                 `json:"commitmentPolicy"`
	EncryptionAlgorithm              string                 `json:"encryptionAlgorithm"`
	InstructionFileConfig            *InstructionFileConfig `json:"instructionFileConfig"`
	S3CSE                            *Extension             `json:"s3cse"`
}

// KeyMaterial holds exactly one key. The Go libraries only take KMS keys, so the raw keys are
// only looked at to refuse them.
type KeyMaterial struct {
	AESKey               *string           `json:"aesKey"`
	RSAKey               *string           `json:"rsaKey"`
	KMSKeyID             *string           `json:"kmsKeyId"`
	MaterialsDescription map[string]string `json:"materialsDescription"`
}

type InstructionFileConfig struct {
	EnableInstructionFilePutObject bool `json:"enableInstructionFilePutObject"`
	DisableInstructionFile         bool `json:"disableInstructionFile"`
}

// Extension is the project's `s3cse` member: the format the harness wants written.
type Extension struct {
	WriteFormat string `json:"writeFormat"`
}

// Protocol names of the commitment policies and algorithm suites.
const (
	ForbidEncryptAllowDecrypt    = "FORBID_ENCRYPT_ALLOW_DECRYPT"
	RequireEncryptAllowDecrypt   = "REQUIRE_ENCRYPT_ALLOW_DECRYPT"
	RequireEncryptRequireDecrypt = "REQUIRE_ENCRYPT_REQUIRE_DECRYPT"

	AlgCBC       = "ALG_AES_256_CBC_IV16_NO_KDF"
	AlgGCM       = "ALG_AES_256_GCM_IV12_TAG16_NO_KDF"
	AlgCommitKey = "ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY"
)

// Write formats of the capability vocabulary.
const (
	FormatV1EO = "v1-eo"
	FormatV1AE = "v1-ae"
	FormatV2   = "v2"
	FormatV3   = "v3"
)

// WriteFormat is the format asked for: the extension when present, else what the standard
// members imply (PROTOCOL.md keeps the two consistent).
func (c Config) WriteFormat() string {
	if c.S3CSE != nil && c.S3CSE.WriteFormat != "" {
		return c.S3CSE.WriteFormat
	}
	switch c.EncryptionAlgorithm {
	case AlgCBC:
		return FormatV1EO
	case AlgGCM:
		return FormatV2
	case AlgCommitKey:
		return FormatV3
	}
	return ""
}

// WritesInstructionFiles reports whether the caller asked for the envelope in `<key>.instruction`.
func (c Config) WritesInstructionFiles() bool {
	return c.InstructionFileConfig != nil && c.InstructionFileConfig.EnableInstructionFilePutObject
}

// PutRequest is one PUT /object call.
type PutRequest struct {
	Bucket, Key string
	Plaintext   []byte
	// EncryptionContext comes from the Content-Metadata header; nil when the header is absent.
	EncryptionContext map[string]string
}

// GetRequest is one GET /object call.
type GetRequest struct {
	Bucket, Key string
	// EncryptionContext is the context the caller expects; nil when the header is absent.
	EncryptionContext     map[string]string
	Range                 string
	InstructionFileSuffix string
}

// GetResult is the decrypted object and its user metadata.
type GetResult struct {
	Plaintext []byte
	Metadata  map[string]string
}

// Client is one configured encryption client (one clientId).
type Client interface {
	Put(ctx context.Context, req PutRequest) error
	Get(ctx context.Context, req GetRequest) (*GetResult, error)
}

// Library is one of the Go S3EC implementations this binary links.
type Library interface {
	Capabilities() Capabilities
	NewClient(ctx context.Context, cfg Config) (Client, error)
}
