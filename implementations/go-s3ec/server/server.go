// Package server serves the adapter protocol (harness/PROTOCOL.md) over one binding.Library.
package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime/debug"
	"strings"

	"s3cse/adapters/go-s3ec/binding"
)

type server struct {
	library binding.Library
	clients *registry
}

// Handler routes the protocol's operations to the library.
func Handler(library binding.Library) http.Handler {
	s := &server{library: library, clients: newRegistry()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /capabilities", s.capabilities)
	mux.HandleFunc("POST /client", s.createClient)
	// `{key...}` also takes keys whose slashes arrived unencoded.
	mux.HandleFunc("PUT /object/{bucket}/{key...}", s.putObject)
	mux.HandleFunc("GET /object/{bucket}/{key...}", s.getObject)
	mux.HandleFunc("POST /object/{bucket}/{key...}", s.reencrypt)
	return recoverPanics(mux)
}

func (s *server) capabilities(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.library.Capabilities())
}

func (s *server) createClient(w http.ResponseWriter, r *http.Request) {
	var request struct {
		Config *binding.Config `json:"config"`
	}
	if err := json.NewDecoder(r.Body).Decode(&request); err != nil || request.Config == nil {
		writeFault(w, http.StatusBadRequest, fmt.Sprintf("POST /client wants {\"config\": {...}}: %v", err))
		return
	}
	c, err := s.library.NewClient(r.Context(), *request.Config)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"clientId": s.clients.add(c)})
}

func (s *server) putObject(w http.ResponseWriter, r *http.Request) {
	c, ok := s.clientOf(w, r)
	if !ok {
		return
	}
	encryptionContext, err := parseContentMetadata(r.Header.Get("Content-Metadata"))
	if err != nil {
		writeFault(w, http.StatusBadRequest, err.Error())
		return
	}
	plaintext, err := io.ReadAll(r.Body)
	if err != nil {
		writeFault(w, http.StatusBadRequest, "reading the request body: "+err.Error())
		return
	}
	bucket, key := r.PathValue("bucket"), r.PathValue("key")
	err = c.Put(r.Context(), binding.PutRequest{Bucket: bucket, Key: key, Plaintext: plaintext, EncryptionContext: encryptionContext})
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"bucket": bucket, "key": key, "metadata": formatContentMetadata(encryptionContext)})
}

func (s *server) getObject(w http.ResponseWriter, r *http.Request) {
	c, ok := s.clientOf(w, r)
	if !ok {
		return
	}
	encryptionContext, err := parseContentMetadata(r.Header.Get("Content-Metadata"))
	if err != nil {
		writeFault(w, http.StatusBadRequest, err.Error())
		return
	}
	result, err := c.Get(r.Context(), binding.GetRequest{
		Bucket:                r.PathValue("bucket"),
		Key:                   r.PathValue("key"),
		EncryptionContext:     encryptionContext,
		Range:                 r.Header.Get("Range"),
		InstructionFileSuffix: r.Header.Get("InstructionFileSuffix"),
	})
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Metadata", strings.Join(formatContentMetadata(result.Metadata), ","))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(result.Plaintext); err != nil {
		log.Printf("writing plaintext: %v", err)
	}
}

// reencrypt: none of the Go libraries has ReEncryptInstructionFile (the v4 source lists it
// among the operations it does not implement), so every request is refused.
func (s *server) reencrypt(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.PathValue("key"), "/reencrypt") {
		writeFault(w, http.StatusNotFound, "no such operation: POST "+r.URL.Path)
		return
	}
	if _, ok := s.clientOf(w, r); !ok {
		return
	}
	writeError(w, &binding.Refusal{
		Category: binding.CategoryUnsupported,
		Code:     "Unsupported",
		Message:  "ReEncryptInstructionFile: the Go S3 encryption clients do not implement re-encryption",
	})
}

// clientOf finds the request's client; an unknown id is the caller's mistake.
func (s *server) clientOf(w http.ResponseWriter, r *http.Request) (binding.Client, bool) {
	id := r.Header.Get("ClientID")
	c, ok := s.clients.get(id)
	if !ok {
		writeFault(w, http.StatusBadRequest, fmt.Sprintf("unknown ClientID %q", id))
	}
	return c, ok
}

// recoverPanics turns a panic in one request into a GenericServerError answer, so a library
// bug costs one case and not the process.
func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Printf("panic serving %s %s: %v\n%s", r.Method, r.URL.Path, p, debug.Stack())
				writeFault(w, http.StatusInternalServerError, fmt.Sprintf("adapter panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
