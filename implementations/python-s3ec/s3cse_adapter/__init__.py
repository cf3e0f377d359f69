"""The python-s3ec adapter: amazon-s3-encryption-client-python behind harness/PROTOCOL.md."""
