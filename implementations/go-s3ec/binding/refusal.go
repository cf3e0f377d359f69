package binding

import "fmt"

// Refusal categories of PROTOCOL.md (the same as reference/src/errors.ts).
const (
	CategorySecurity    = "security"
	CategoryFormat      = "format"
	CategoryConfig      = "config"
	CategoryUnsupported = "unsupported"
	CategoryService     = "service"
	CategoryNotFound    = "not-found"
)

// Refusal is a "no" that the protocol reports as S3EncryptionClientError: the library refused,
// or the adapter refused on the library's behalf because the library has no such setting.
type Refusal struct {
	Category string
	Code     string
	Message  string
}

func (r *Refusal) Error() string { return r.Message }

func refuse(category, code, format string, args ...any) *Refusal {
	return &Refusal{Category: category, Code: code, Message: fmt.Sprintf(format, args...)}
}

// unsupported is the adapter's refusal of something the library does not offer at all.
func unsupported(format string, args ...any) *Refusal {
	return refuse(CategoryUnsupported, "Unsupported", format, args...)
}

// BadRequest is a request the adapter cannot make sense of. It is the caller's (or the
// adapter's) mistake, never a library decision, so it becomes GenericServerError.
type BadRequest struct{ Message string }

func (b *BadRequest) Error() string { return b.Message }

func badRequest(format string, args ...any) *BadRequest {
	return &BadRequest{Message: fmt.Sprintf(format, args...)}
}
