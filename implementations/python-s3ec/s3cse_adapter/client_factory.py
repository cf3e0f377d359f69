"""POST /client: the protocol's S3ECConfig turned into an S3EncryptionClient.

The standard members map one to one onto the library's settings (encryptionAlgorithm and
commitmentPolicy by enum name, the legacy switches, delayed authentication), and the library
itself rejects combinations it does not allow (a legacy or a non-committing algorithm under a
committing policy). What the library has no setting for is refused here as `unsupported`
instead of being silently ignored: raw AES and RSA keys, writing instruction files, and the
legacy v1-ae write format (whose standard members would otherwise make the library write V2).
"""

import threading
import uuid

from s3_encryption import S3EncryptionClient, S3EncryptionClientConfig
from s3_encryption.instruction_file_config import InstructionFileConfig
from s3_encryption.materials.kms_keyring import KmsKeyring
from s3_encryption.materials.materials import AlgorithmSuite, CommitmentPolicy

from . import endpoints
from .errors import BadRequest, Refusal

_WRITE_FORMATS = {"v1-eo", "v1-ae", "v2", "v3"}


def build_client(config: object) -> S3EncryptionClient:
    if not isinstance(config, dict):
        raise BadRequest("config must be a JSON object")
    kms_key_id = _kms_key_id(config.get("keyMaterial"))
    write_format = _write_format(config.get("s3cse"))
    if write_format == "v1-ae":
        raise Refusal(
            "the library cannot write v1-ae: it never wraps data keys with the legacy `kms` algorithm",
            "unsupported",
            "UnsupportedWriteFormat",
        )
    instruction_file_config = _instruction_file_config(config.get("instructionFileConfig"))

    keyring = KmsKeyring(
        endpoints.new_kms_client(),
        kms_key_id=kms_key_id,
        enable_legacy_wrapping_algorithms=_flag(config, "enableLegacyWrappingAlgorithms"),
    )
    settings: dict = {
        "keyring": keyring,
        "enable_legacy_unauthenticated_modes": _flag(config, "enableLegacyUnauthenticatedModes"),
        "enable_delayed_authentication": _flag(config, "enableDelayedAuthenticationMode"),
        "instruction_file_config": instruction_file_config,
    }
    # Left out when absent, so the library's own defaults (V3, REQUIRE_ENCRYPT_REQUIRE_DECRYPT) apply.
    if "encryptionAlgorithm" in config:
        settings["encryption_algorithm"] = _enum(AlgorithmSuite, config["encryptionAlgorithm"], "encryptionAlgorithm")
    if "commitmentPolicy" in config:
        settings["commitment_policy"] = _enum(CommitmentPolicy, config["commitmentPolicy"], "commitmentPolicy")
    # setBufferSize is ignored: the library has no buffer limit (its specification lists the
    # setting as an exception), and whole objects are buffered without delayed authentication.
    return S3EncryptionClient(endpoints.new_s3_client(), S3EncryptionClientConfig(**settings))


def _kms_key_id(material: object) -> str:
    if not isinstance(material, dict):
        raise BadRequest("config.keyMaterial must be a JSON object")
    for raw_key in ("aesKey", "rsaKey"):
        if material.get(raw_key) is not None:
            raise Refusal(
                f"keyMaterial.{raw_key}: the library has a KMS keyring only (no raw AES or RSA keyring)",
                "unsupported",
                "UnsupportedKeyMaterial",
            )
    key_id = material.get("kmsKeyId")
    # An empty id is passed on: whether the library refuses it is what the scenario checks.
    if not isinstance(key_id, str):
        raise BadRequest("config.keyMaterial names no key (aesKey, rsaKey or kmsKeyId)")
    # materialsDescription is not used: the library has no materials description for KMS; the
    # encryption context is given per call (Content-Metadata), as the reference adapter does.
    return key_id


def _write_format(extension: object) -> str | None:
    if extension is None:
        return None
    if not isinstance(extension, dict):
        raise BadRequest("config.s3cse must be a JSON object")
    fmt = extension.get("writeFormat")
    if fmt is not None and fmt not in _WRITE_FORMATS:
        raise BadRequest(f"config.s3cse.writeFormat: unknown format {fmt!r}")
    return fmt


def _instruction_file_config(member: object) -> InstructionFileConfig:
    if member is None:
        return InstructionFileConfig()
    if not isinstance(member, dict):
        raise BadRequest("config.instructionFileConfig must be a JSON object")
    if member.get("enableInstructionFilePutObject") is True:
        raise Refusal(
            "the library does not write instruction files (it reads them only)",
            "unsupported",
            "InstructionFilePutUnsupported",
        )
    return InstructionFileConfig(disable_get_object=member.get("disableInstructionFile") is True)


def _flag(config: dict, name: str) -> bool:
    value = config.get(name, False)
    if not isinstance(value, bool):
        raise BadRequest(f"config.{name} must be a boolean")
    return value


def _enum(kind, name: object, member: str):
    if not isinstance(name, str) or name not in kind.__members__:
        raise BadRequest(f"config.{member}: unknown value {name!r}")
    return kind[name]


class ClientRegistry:
    """Configured clients by the opaque id handed back to the harness."""

    def __init__(self) -> None:
        self._clients: dict[str, S3EncryptionClient] = {}
        self._lock = threading.Lock()

    def add(self, client: S3EncryptionClient) -> str:
        client_id = str(uuid.uuid4())
        with self._lock:
            self._clients[client_id] = client
        return client_id

    def get(self, client_id: str | None) -> S3EncryptionClient:
        with self._lock:
            client = self._clients.get(client_id or "")
        if client is None:
            raise BadRequest(f"unknown ClientID {client_id!r}")
        return client
