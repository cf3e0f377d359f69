package binding

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Target is where the harness points the adapter (PROTOCOL.md, "Process and environment").
// Empty endpoints mean the SDK defaults, i.e. real AWS.
type Target struct {
	Region                  string
	S3Endpoint, KMSEndpoint string
	AccessKeyID, SecretKey  string
	ForcePathStyle          bool
}

// TargetFromEnvironment reads the variables the harness sets. The service-specific endpoint
// wins over the general one, as in the SDKs that read these variables themselves.
func TargetFromEnvironment() Target {
	general := os.Getenv("AWS_ENDPOINT_URL")
	return Target{
		Region:         firstSet(os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION")),
		S3Endpoint:     firstSet(os.Getenv("AWS_ENDPOINT_URL_S3"), general),
		KMSEndpoint:    firstSet(os.Getenv("AWS_ENDPOINT_URL_KMS"), general),
		AccessKeyID:    os.Getenv("AWS_ACCESS_KEY_ID"),
		SecretKey:      os.Getenv("AWS_SECRET_ACCESS_KEY"),
		ForcePathStyle: os.Getenv("S3EC_S3_FORCE_PATH_STYLE") == "true",
	}
}

func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func (t Target) hasStaticCredentials() bool { return t.AccessKeyID != "" && t.SecretKey != "" }

// sdkV2Clients are the plain S3 and KMS clients (aws-sdk-go-v2) the v3 and v4 libraries wrap.
type sdkV2Clients struct {
	s3  *s3.Client
	kms *kms.Client
}

func newSDKV2Clients(ctx context.Context, target Target) (*sdkV2Clients, error) {
	var options []func(*config.LoadOptions) error
	if target.Region != "" {
		options = append(options, config.WithRegion(target.Region))
	}
	if target.hasStaticCredentials() {
		options = append(options, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(target.AccessKeyID, target.SecretKey, "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, options...)
	if err != nil {
		return nil, err
	}
	s3Client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if target.S3Endpoint != "" {
			o.BaseEndpoint = aws.String(target.S3Endpoint)
		}
		o.UsePathStyle = target.ForcePathStyle
	})
	kmsClient := kms.NewFromConfig(cfg, func(o *kms.Options) {
		if target.KMSEndpoint != "" {
			o.BaseEndpoint = aws.String(target.KMSEndpoint)
		}
	})
	return &sdkV2Clients{s3: s3Client, kms: kmsClient}, nil
}
