package binding

import (
	"bytes"
	"context"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// objectAPI is what S3EncryptionClientV3 and S3EncryptionClientV4 have in common: the S3
// client's PutObject and GetObject, with encryption in between.
type objectAPI interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// s3ecClient drives either library through objectAPI. The per-call encryption context travels
// in the request context under the library's key (the string "EncryptionContext" in both).
type s3ecClient struct {
	api         objectAPI
	contextKey  any
	keyMaterial KeyMaterial
}

func (c *s3ecClient) Put(ctx context.Context, req PutRequest) error {
	if ec := putContext(req, c.keyMaterial); ec != nil {
		ctx = context.WithValue(ctx, c.contextKey, ec)
	}
	_, err := c.api.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(req.Bucket),
		Key:    aws.String(req.Key),
		Body:   bytes.NewReader(req.Plaintext),
	})
	return err
}

func (c *s3ecClient) Get(ctx context.Context, req GetRequest) (*GetResult, error) {
	if req.Range != "" {
		// The library would decrypt the partial ciphertext as if it were whole and fail its tag
		// check; its source says "Go S3EC V4 does not support ranged gets".
		return nil, unsupported("ranged GetObject: the Go S3 encryption client does not support ranged gets")
	}
	if req.InstructionFileSuffix != "" && req.InstructionFileSuffix != ".instruction" {
		return nil, unsupported("instruction file suffix %q: the Go S3 encryption client only reads <key>.instruction", req.InstructionFileSuffix)
	}
	if req.EncryptionContext != nil {
		ctx = context.WithValue(ctx, c.contextKey, req.EncryptionContext)
	}
	out, err := c.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(req.Bucket), Key: aws.String(req.Key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	// The GCM tag is checked while the body is read, so a tampered object fails here.
	plaintext, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, err
	}
	return &GetResult{Plaintext: plaintext, Metadata: out.Metadata}, nil
}
