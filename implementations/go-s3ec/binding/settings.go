package binding

// Checks shared by the bindings: what the protocol can ask for that no Go library offers.

// kmsKeyID returns the KMS key of the configuration. AES and RSA keys are refused: every Go
// S3EC library takes KMS keyrings only.
func kmsKeyID(material KeyMaterial) (string, error) {
	switch {
	case material.AESKey != nil:
		return "", unsupported("raw AES keys: the Go S3 encryption clients only have KMS keyrings")
	case material.RSAKey != nil:
		return "", unsupported("RSA keys: the Go S3 encryption clients only have KMS keyrings")
	case material.KMSKeyID == nil:
		return "", badRequest("keyMaterial names no key")
	}
	// An empty id is passed on: whether the library refuses it is what the scenario checks.
	return *material.KMSKeyID, nil
}

// refuseAbsentSettings refuses the settings none of the Go libraries has: they would be
// silently ignored otherwise, and the caller would test something it did not ask for.
func refuseAbsentSettings(cfg Config) error {
	if cfg.EnableDelayedAuthenticationMode {
		return unsupported("delayed authentication mode: the Go S3 encryption clients always buffer and authenticate before releasing plaintext")
	}
	if cfg.InstructionFileConfig != nil && cfg.InstructionFileConfig.DisableInstructionFile {
		return unsupported("disableInstructionFile: the Go S3 encryption clients have no such setting")
	}
	return nil
}

// refuseForNewClients covers the v3 and v4 libraries (amazon-s3-encryption-client-go): they
// never write instruction files and never write the legacy formats.
func refuseForNewClients(cfg Config) error {
	if err := refuseAbsentSettings(cfg); err != nil {
		return err
	}
	if cfg.WritesInstructionFiles() {
		return unsupported("instruction-file storage on PutObject: the Go S3 encryption client only writes the envelope to object metadata")
	}
	if cfg.WriteFormat() == FormatV1AE {
		// Handing this to the library would write V2, not the format asked for.
		return unsupported("writing v1-ae: the Go S3 encryption client only writes V2 and V3 content metadata")
	}
	return nil
}

// putContext is the encryption context of a PUT: the Content-Metadata header when given, else
// the key material's description (the client-wide context), else none.
func putContext(req PutRequest, material KeyMaterial) map[string]string {
	if req.EncryptionContext != nil {
		return req.EncryptionContext
	}
	return material.MaterialsDescription
}
