package server

import (
	"fmt"
	"sort"
	"strings"
)

// The Content-Metadata header (PROTOCOL.md): `[name]:[value]` entries joined by commas, the
// form of the Java test server's MetadataUtils. Names and values cannot hold `,`, `[` or `]`.

// parseContentMetadata returns nil for an absent header, so "no context given" stays distinct
// from "empty context".
func parseContentMetadata(header string) (map[string]string, error) {
	if strings.TrimSpace(header) == "" {
		return nil, nil
	}
	entries := map[string]string{}
	for _, entry := range strings.Split(header, ",") {
		entry = strings.TrimSpace(entry)
		name, value, ok := strings.Cut(entry, "]:[")
		if !ok || !strings.HasPrefix(name, "[") || !strings.HasSuffix(value, "]") {
			return nil, fmt.Errorf("malformed Content-Metadata entry %q", clip(entry, 80))
		}
		entries[name[1:]] = value[:len(value)-1]
	}
	return entries, nil
}

// formatContentMetadata renders entries in name order. Entries the form cannot carry (S3EC's
// JSON material descriptions have commas) are left out: the header is informational only.
func formatContentMetadata(entries map[string]string) []string {
	names := make([]string, 0, len(entries))
	for name, value := range entries {
		if !strings.ContainsAny(name+value, ",[]\r\n") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]string, 0, len(names))
	for _, name := range names {
		out = append(out, "["+name+"]:["+entries[name]+"]")
	}
	return out
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
