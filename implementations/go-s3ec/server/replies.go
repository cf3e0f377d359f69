package server

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"

	"s3cse/adapters/go-s3ec/binding"
)

// errorBody is error.schema.json: restJson1's error shape plus the s3cse members.
type errorBody struct {
	Type     string `json:"__type"`
	Message  string `json:"message"`
	Category string `json:"category,omitempty"`
	Code     string `json:"code,omitempty"`
}

const (
	refusalType = "S3EncryptionClientError"
	faultType   = "GenericServerError"
	// Library messages can quote whole envelopes; the harness keeps only the first line anyway.
	maxMessage = 2000
)

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		log.Printf("writing response: %v", err)
	}
}

// writeError answers with S3EncryptionClientError when the library (or the adapter on its
// behalf) refused, and with GenericServerError for bad requests and failures of the
// environment, which no test expects.
func writeError(w http.ResponseWriter, err error) {
	var bad *binding.BadRequest
	if errors.As(err, &bad) {
		writeFault(w, http.StatusBadRequest, bad.Message)
		return
	}
	refusal := binding.Classify(err)
	if refusal == nil {
		writeFault(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("X-Amzn-ErrorType", refusalType)
	writeJSON(w, http.StatusBadRequest, errorBody{
		Type:     refusalType,
		Message:  clip(refusal.Message, maxMessage),
		Category: refusal.Category,
		Code:     refusal.Code,
	})
}

func writeFault(w http.ResponseWriter, status int, message string) {
	w.Header().Set("X-Amzn-ErrorType", faultType)
	writeJSON(w, status, errorBody{Type: faultType, Message: clip(message, maxMessage)})
}
