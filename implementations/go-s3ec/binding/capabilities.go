package binding

import (
	"runtime/debug"
	"strings"
)

// Capabilities is the GET /capabilities document (protocol/schemas/capabilities.schema.json).
type Capabilities struct {
	Protocol       string         `json:"protocol"`
	Implementation Implementation `json:"implementation"`
	Write          []Claim        `json:"write"`
	Read           []Claim        `json:"read"`
	Features       []string       `json:"features"`
}

type Implementation struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Language string `json:"language"`
	Library  string `json:"library"`
}

type Claim struct {
	Format  string   `json:"format"`
	Keys    []string `json:"keys"`
	Storage []string `json:"storage"`
}

const protocolName = "s3cse-adapter/1"

var (
	kmsOnly        = []string{"kms"}
	metadataOnly   = []string{"metadata"}
	bothStorages   = []string{"metadata", "instruction"}
	allReadFormats = []string{FormatV1EO, FormatV1AE, FormatV2, FormatV3}
)

// newClientCapabilities describes the v3 and v4 libraries, which differ only in what they
// write. Each claim was checked with the harness's cross suite (see README.md): they write to
// object metadata only, and read both storages (the library falls back to `<key>.instruction`
// when the object's metadata carries no envelope).
func newClientCapabilities(name, module string, writeFormats []string) Capabilities {
	return Capabilities{
		Protocol:       protocolName,
		Implementation: implementation(name, module),
		Write:          claims(writeFormats, metadataOnly),
		Read:           claims(allReadFormats, bothStorages),
		Features:       []string{"encryption-context"},
	}
}

func claims(formats, storage []string) []Claim {
	out := make([]Claim, 0, len(formats))
	for _, f := range formats {
		out = append(out, Claim{Format: f, Keys: kmsOnly, Storage: storage})
	}
	return out
}

func implementation(name, module string) Implementation {
	return Implementation{Name: name, Version: moduleVersion(module), Language: "go", Library: module}
}

// moduleVersion is the version of a dependency as linked into this binary (go.mod pins it).
func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				// Reported as the other adapters do, without Go's "v" prefix.
				return strings.TrimPrefix(dep.Version, "v")
			}
		}
	}
	return "unknown"
}
