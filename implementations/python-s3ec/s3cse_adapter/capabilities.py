"""The GET /capabilities document.

Claims only what was checked against the harness (README.md, "Verified"). The library has a KMS
keyring only, writes V2 (`kms+context`) and V3 to object metadata, never writes instruction
files, and rejects ranged GETs; re-encryption is not part of its API.
"""

LIBRARY = "amazon-s3-encryption-client-python"
LIBRARY_VERSION = "4.0.0"

_KMS_ONLY = ["kms"]
_METADATA_ONLY = ["metadata"]
_BOTH_STORAGES = ["metadata", "instruction"]


def document() -> dict:
    return {
        "protocol": "s3cse-adapter/1",
        "implementation": {
            "name": "python-s3ec",
            "version": LIBRARY_VERSION,
            "language": "python",
            "library": LIBRARY,
        },
        "write": [
            {"format": "v2", "keys": _KMS_ONLY, "storage": _METADATA_ONLY},
            {"format": "v3", "keys": _KMS_ONLY, "storage": _METADATA_ONLY},
        ],
        "read": [
            {"format": fmt, "keys": _KMS_ONLY, "storage": _BOTH_STORAGES}
            for fmt in ("v1-eo", "v1-ae", "v2", "v3")
        ],
        "features": ["encryption-context", "instruction-file-suffix", "delayed-authentication"],
    }
