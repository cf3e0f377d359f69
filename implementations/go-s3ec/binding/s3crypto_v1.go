package binding

import (
	"bytes"
	"context"
	"io"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/request"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/kms"
	"github.com/aws/aws-sdk-go/service/kms/kmsiface"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/aws/aws-sdk-go/service/s3/s3crypto"
)

const s3cryptoModule = "github.com/aws/aws-sdk-go"

// s3cryptoLibrary is the AWS SDK for Go v1's s3crypto package (end of support 2025-07-31):
// EncryptionClientV2 writes V2, the deprecated EncryptionClient writes the legacy formats, and
// DecryptionClientV2 reads what its CryptoRegistry admits.
type s3cryptoLibrary struct {
	// s3Session carries the S3 endpoint and addressing; s3crypto builds its S3 clients from it.
	s3Session *session.Session
	kms       kmsiface.KMSAPI
}

// NewS3Crypto binds s3crypto to the target. SDK v1 does not read AWS_ENDPOINT_URL*, so the
// endpoints are set explicitly.
func NewS3Crypto(_ context.Context, target Target) (Library, error) {
	base := &aws.Config{}
	if target.Region != "" {
		base.Region = aws.String(target.Region)
	}
	if target.hasStaticCredentials() {
		base.Credentials = credentials.NewStaticCredentials(target.AccessKeyID, target.SecretKey, "")
	}
	sess, err := session.NewSession(base)
	if err != nil {
		return nil, err
	}
	s3Config := &aws.Config{S3ForcePathStyle: aws.Bool(target.ForcePathStyle)}
	if target.S3Endpoint != "" {
		s3Config.Endpoint = aws.String(target.S3Endpoint)
	}
	kmsConfig := &aws.Config{}
	if target.KMSEndpoint != "" {
		kmsConfig.Endpoint = aws.String(target.KMSEndpoint)
	}
	return &s3cryptoLibrary{s3Session: sess.Copy(s3Config), kms: kms.New(sess, kmsConfig)}, nil
}

func (l *s3cryptoLibrary) Capabilities() Capabilities {
	formats := []string{FormatV1EO, FormatV1AE, FormatV2}
	return Capabilities{
		Protocol:       protocolName,
		Implementation: implementation("go-sdk-v1-s3crypto", s3cryptoModule),
		Write:          claims(formats, bothStorages),
		Read:           claims(formats, bothStorages),
		Features:       []string{"instruction-file-suffix"},
	}
}

func (l *s3cryptoLibrary) NewClient(_ context.Context, cfg Config) (Client, error) {
	keyID, err := kmsKeyID(cfg.KeyMaterial)
	if err != nil {
		return nil, err
	}
	if err := refuseAbsentSettings(cfg); err != nil {
		return nil, err
	}
	if cfg.CommitmentPolicy == RequireEncryptRequireDecrypt {
		return nil, unsupported("%s: s3crypto predates key commitment and cannot restrict reads to committed objects", cfg.CommitmentPolicy)
	}
	if cfg.S3CSE != nil && cfg.S3CSE.WriteFormat == FormatV3 {
		return nil, unsupported("writing v3: s3crypto predates key commitment")
	}
	registry, err := l.registry(keyID, cfg)
	if err != nil {
		return nil, err
	}
	return &s3cryptoClient{
		library:         l,
		keyID:           keyID,
		writeFormat:     cfg.WriteFormat(),
		instructionFile: cfg.WritesInstructionFiles(),
		keyMaterial:     cfg.KeyMaterial,
		registry:        registry,
	}, nil
}

// registry admits what the configuration allows: V2 (kms+context, AES/GCM) always, the legacy
// `kms` wrap with enableLegacyWrappingAlgorithms, and AES/CBC content with
// enableLegacyUnauthenticatedModes. Both wraps are bound to the configured key.
func (l *s3cryptoLibrary) registry(keyID string, cfg Config) (*s3crypto.CryptoRegistry, error) {
	registry := s3crypto.NewCryptoRegistry()
	steps := []func() error{
		func() error { return s3crypto.RegisterAESGCMContentCipher(registry) },
		func() error { return s3crypto.RegisterKMSContextWrapWithCMK(registry, l.kms, keyID) },
	}
	if cfg.EnableLegacyWrappingAlgorithms {
		steps = append(steps, func() error { return s3crypto.RegisterKMSWrapWithCMK(registry, l.kms, keyID) })
	}
	if cfg.EnableLegacyUnauthenticatedModes {
		steps = append(steps, func() error { return s3crypto.RegisterAESCBCContentCipher(registry, s3crypto.AESCBCPadder) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return registry, nil
}

type s3cryptoClient struct {
	library         *s3cryptoLibrary
	keyID           string
	writeFormat     string
	instructionFile bool
	keyMaterial     KeyMaterial
	registry        *s3crypto.CryptoRegistry
}

// putter is what EncryptionClientV2 and the legacy EncryptionClient share.
type putter interface {
	PutObjectWithContext(ctx aws.Context, input *s3.PutObjectInput, opts ...request.Option) (*s3.PutObjectOutput, error)
}

// Put builds the encryption client per call: s3crypto fixes the material description (the
// KMS encryption context) when the key generator is made, not per request.
func (c *s3cryptoClient) Put(ctx context.Context, req PutRequest) error {
	encrypter, err := c.encrypter(putContext(req, c.keyMaterial))
	if err != nil {
		return err
	}
	_, err = encrypter.PutObjectWithContext(ctx, &s3.PutObjectInput{
		Bucket: aws.String(req.Bucket),
		Key:    aws.String(req.Key),
		Body:   bytes.NewReader(req.Plaintext),
	})
	return err
}

func (c *s3cryptoClient) encrypter(context map[string]string) (putter, error) {
	l := c.library
	matdesc := materialDescription(context)
	var save s3crypto.SaveStrategy = s3crypto.HeaderV2SaveStrategy{}
	if c.instructionFile {
		save = s3crypto.S3SaveStrategy{Client: s3.New(l.s3Session)}
	}
	switch c.writeFormat {
	case FormatV2:
		builder := s3crypto.AESGCMContentCipherBuilderV2(s3crypto.NewKMSContextKeyGenerator(l.kms, c.keyID, matdesc))
		return s3crypto.NewEncryptionClientV2(l.s3Session, builder, func(o *s3crypto.EncryptionClientOptions) { o.SaveStrategy = save })
	case FormatV1AE:
		builder := s3crypto.AESGCMContentCipherBuilder(s3crypto.NewKMSKeyGeneratorWithMatDesc(l.kms, c.keyID, matdesc))
		return s3crypto.NewEncryptionClient(l.s3Session, builder, func(o *s3crypto.EncryptionClient) { o.SaveStrategy = save }), nil
	case FormatV1EO:
		builder := s3crypto.AESCBCContentCipherBuilder(s3crypto.NewKMSKeyGeneratorWithMatDesc(l.kms, c.keyID, matdesc), s3crypto.AESCBCPadder)
		return s3crypto.NewEncryptionClient(l.s3Session, builder, func(o *s3crypto.EncryptionClient) { o.SaveStrategy = save }), nil
	}
	// Readers are configured with the committing suite (PROTOCOL.md); they can read, not write.
	return nil, unsupported("writing %s: s3crypto writes v2, v1-ae and v1-eo only", describeFormat(c.writeFormat))
}

func (c *s3cryptoClient) Get(ctx context.Context, req GetRequest) (*GetResult, error) {
	if req.Range != "" {
		return nil, unsupported("ranged GetObject: s3crypto decrypts whole objects only")
	}
	if req.EncryptionContext != nil {
		// Accepting it would pretend a check that never happens: s3crypto decrypts with the
		// stored context and has no way to compare it with the caller's.
		return nil, unsupported("expected encryption context on GetObject: s3crypto does not check one")
	}
	l := c.library
	decrypter, err := s3crypto.NewDecryptionClientV2(l.s3Session, c.registry, func(o *s3crypto.DecryptionClientOptions) {
		if req.InstructionFileSuffix != "" {
			// The protocol's suffix is appended verbatim, exactly as S3LoadStrategy does.
			o.LoadStrategy = s3crypto.S3LoadStrategy{Client: s3.New(l.s3Session), InstructionFileSuffix: req.InstructionFileSuffix}
		}
		o.LoadStrategy = envelopeLocator{inner: o.LoadStrategy}
	})
	if err != nil {
		return nil, err
	}
	out, err := decrypter.GetObjectWithContext(ctx, &s3.GetObjectInput{Bucket: aws.String(req.Bucket), Key: aws.String(req.Key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	plaintext, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, err
	}
	return &GetResult{Plaintext: plaintext, Metadata: fromPointers(out.Metadata)}, nil
}

// envelopeLocator wraps s3crypto's load strategy (metadata, else the instruction file). Its
// only job is to say which lookup failed: it runs on the object's own response, so a NoSuchKey
// here is the instruction file's, meaning "this object has no envelope" (format), not "no such
// object" (not-found).
type envelopeLocator struct{ inner s3crypto.LoadStrategy }

func (e envelopeLocator) Load(r *request.Request) (s3crypto.Envelope, error) {
	env, err := e.inner.Load(r)
	if err != nil && errorCode(err) == "NoSuchKey" {
		return env, refuse(CategoryFormat, "NoSuchKey", "no envelope in the object's metadata and no instruction file: %v", err)
	}
	return env, err
}

func materialDescription(entries map[string]string) s3crypto.MaterialDescription {
	out := s3crypto.MaterialDescription{}
	for k, v := range entries {
		out[k] = aws.String(v)
	}
	return out
}

func fromPointers(in map[string]*string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = aws.StringValue(v)
	}
	return out
}

func describeFormat(format string) string {
	if format == "" {
		return "an unspecified format"
	}
	return format
}
