package server

import (
	"crypto/rand"
	"encoding/hex"
	"sync"

	"s3cse/adapters/go-s3ec/binding"
)

// registry keeps the configured clients by the opaque id POST /client handed out.
type registry struct {
	mu      sync.RWMutex
	clients map[string]binding.Client
}

func newRegistry() *registry {
	return &registry{clients: map[string]binding.Client{}}
}

func (r *registry) add(c binding.Client) string {
	id := newClientID()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clients[id] = c
	return id
}

func (r *registry) get(id string) (binding.Client, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c, ok := r.clients[id]
	return c, ok
}

func newClientID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "go-" + hex.EncodeToString(b)
}
