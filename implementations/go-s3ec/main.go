// Command go-s3ec serves the s3-cse-conformance adapter protocol (harness/PROTOCOL.md) around
// one of the Go S3 encryption libraries, chosen by S3EC_GO_CLIENT:
//
//	v4  github.com/aws/amazon-s3-encryption-client-go/v4
//	v3  github.com/aws/amazon-s3-encryption-client-go/v3 (the 3.2 transition release)
//	v1  github.com/aws/aws-sdk-go/service/s3/s3crypto (AWS SDK for Go v1)
//
// All three are linked into this one binary; each adapter folder selects one in its manifest.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"s3cse/adapters/go-s3ec/binding"
	"s3cse/adapters/go-s3ec/server"
)

func main() {
	log.SetPrefix("go-s3ec: ")
	port := os.Getenv("S3EC_ADAPTER_PORT")
	if port == "" {
		log.Fatal("S3EC_ADAPTER_PORT is not set")
	}
	library, err := openLibrary(context.Background(), os.Getenv("S3EC_GO_CLIENT"), binding.TargetFromEnvironment())
	if err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		log.Fatal(err)
	}
	go exitWhenStdinCloses()
	httpServer := &http.Server{Handler: server.Handler(library), ReadHeaderTimeout: 30 * time.Second}
	log.Printf("%s listening on %s", library.Capabilities().Implementation.Name, listener.Addr())
	log.Fatal(httpServer.Serve(listener))
}

func openLibrary(ctx context.Context, name string, target binding.Target) (binding.Library, error) {
	switch name {
	case "v4":
		return binding.NewS3ECV4(ctx, target)
	case "v3":
		return binding.NewS3ECV3(ctx, target)
	case "v1":
		return binding.NewS3Crypto(ctx, target)
	}
	return nil, fmt.Errorf("S3EC_GO_CLIENT must be v4, v3 or v1, not %q", name)
}

// exitWhenStdinCloses: the harness keeps a pipe on stdin, so EOF means the harness is gone and
// this process must not outlive it.
func exitWhenStdinCloses() {
	_, _ = io.Copy(io.Discard, os.Stdin)
	log.Print("stdin closed; exiting")
	os.Exit(0)
}
