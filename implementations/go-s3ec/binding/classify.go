package binding

import (
	"errors"
	"fmt"
	"net"
	"strings"

	awserrv1 "github.com/aws/aws-sdk-go/aws/awserr"
	"github.com/aws/smithy-go"
)

// messageRule maps a fragment of a library message (lower case) to a refusal category.
// The Go libraries signal nearly every refusal with fmt.Errorf, so the message is all there is.
type messageRule struct{ fragment, category string }

// Most specific first: a wrapped error carries every message of its chain.
var messageRules = []messageRule{
	{"enable legacy unauthenticated modes", CategoryConfig},
	{"enable legacywrappingalgorithms", CategoryConfig},
	{"does not allow decryption using algorithm suite", CategoryConfig},
	{"does not allow committing algorithm suites", CategoryConfig},
	{"requires committing algorithm suites", CategoryConfig},
	{"legacy algorithm suites are not allowed", CategoryConfig},
	{"reserved kms encryption context key", CategoryConfig},
	{"buffer size must be greater than zero", CategoryConfig},

	{"is not supported for encryption in s3ec v3", CategoryUnsupported},
	{"does not support version 1", CategoryUnsupported},
	{"did not match an expected algorithm", CategoryUnsupported},
	{"invalid content encryption algorithm", CategoryUnsupported},
	{"unknown v3 wrapping algorithm", CategoryUnsupported},
	{"unsupported wrapping algorithm", CategoryUnsupported},

	{"message authentication failed", CategorySecurity},
	{"does not match information retrieved from s3", CategorySecurity},
	{"key commitment value does not match", CategorySecurity},
	{"does not match the algorithm stored", CategorySecurity},
	{"is missing from encryption context", CategorySecurity},
	{"invalid padding", CategorySecurity},
	{"key commitment is required", CategorySecurity},

	{"invalid metadata format", CategoryFormat},
	{"conflicting exclusive mapkeys", CategoryFormat},
	{"multiple s3ec format versions", CategoryFormat},
	{"no content encryption algorithm", CategoryFormat},
	{"no wrapping algorithm", CategoryFormat},
	{"illegal base64", CategoryFormat},
	{"invalid nonce length", CategoryFormat},
	{"material description", CategoryFormat},
	{"not valid json", CategoryFormat},
}

// serviceCodes are error codes of S3, KMS and the libraries' own awserr/smithy errors.
var serviceCodes = map[string]string{
	"NoSuchKey":                  CategoryNotFound,
	"NotFound":                   CategoryNotFound,
	"NoSuchBucket":               CategoryNotFound,
	"NotFoundException":          CategoryNotFound,
	"InvalidCiphertextException": CategorySecurity,
	"IncorrectKeyException":      CategorySecurity,
	"V1NotSupportedError":        CategoryUnsupported,
	"InvalidWrapAlgorithmError":  CategoryConfig,
	"InvalidCEKAlgorithmError":   CategoryConfig,
	"ClientConstructionError":    CategoryConfig,
}

// Classify turns an error from a library call into a refusal, or returns nil when the call
// failed for reasons of the environment (endpoint unreachable, no credentials): then the
// library never decided anything and the protocol wants GenericServerError.
func Classify(err error) *Refusal {
	var refusal *Refusal
	if errors.As(err, &refusal) {
		return refusal
	}
	if isEnvironmentFailure(err) {
		return nil
	}
	message := err.Error()
	code := errorCode(err)
	lower := strings.ToLower(message)
	if isMissingInstructionFile(code, lower) {
		return &Refusal{Category: CategoryFormat, Code: code, Message: message}
	}
	for _, rule := range messageRules {
		if strings.Contains(lower, rule.fragment) {
			return &Refusal{Category: rule.category, Code: code, Message: message}
		}
	}
	if category, ok := serviceCodes[code]; ok {
		return &Refusal{Category: category, Code: code, Message: message}
	}
	if isServiceError(err) {
		return &Refusal{Category: CategoryService, Code: code, Message: message}
	}
	// A library error of no known kind: still the library's "no", just not a classified one.
	return &Refusal{Code: code, Message: message}
}

// isMissingInstructionFile: v3/v4 look for `<key>.instruction` when the object's metadata has
// no envelope, and report its absence as the S3 error of that GET inside their load error.
// The object itself was found (the load runs on its response), so this is a format problem.
func isMissingInstructionFile(code, lowerMessage string) bool {
	return (code == "NoSuchKey" || code == "NotFound") && strings.Contains(lowerMessage, "failed to load objectmetadata")
}

func isEnvironmentFailure(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	lower := strings.ToLower(err.Error())
	for _, fragment := range []string{"failed to retrieve credentials", "nocredentialproviders", "connection refused", "no such host"} {
		if strings.Contains(lower, fragment) {
			return true
		}
	}
	return false
}

func isServiceError(err error) bool {
	var apiErr smithy.APIError
	var v1Err awserrv1.RequestFailure
	return errors.As(err, &apiErr) || errors.As(err, &v1Err)
}

// errorCode is the service's or library's error code when it has one (NoSuchKey,
// InvalidCiphertextException, V1NotSupportedError), else the Go type of the innermost error.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() != "" {
		return apiErr.ErrorCode()
	}
	var v1Err awserrv1.Error
	if errors.As(err, &v1Err) && v1Err.Code() != "" {
		return v1Err.Code()
	}
	innermost := err
	for {
		next := errors.Unwrap(innermost)
		if next == nil {
			break
		}
		innermost = next
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", innermost), "*")
}
