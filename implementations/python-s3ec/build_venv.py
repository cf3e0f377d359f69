"""Builds the adapter's private venv (.venv/) from requirements.txt.

The harness runs this whenever requirements.txt or this script changes (adapter.json `build`).
The venv is recreated from scratch each time so a removed pin never lingers, and pip's cache
(~/.cache/pip) is left on, so a rebuild downloads nothing.
The venv is kept apart from moto's and LocalStack's because LocalStack pins an older boto3
than amazon-s3-encryption-client-python accepts.
"""

import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
READY_MARKER = VENV / "s3cse-ready"
REQUIREMENTS = HERE / "requirements.txt"
# The library declares Python >= 3.10; the adapter is written and tested on 3.11.
MINIMUM_PYTHON = (3, 10)


def main() -> int:
    if sys.version_info < MINIMUM_PYTHON:
        print(f"python-s3ec needs Python >= 3.10, this is {sys.version.split()[0]}", file=sys.stderr)
        return 1
    started = time.monotonic()
    print(f"creating {VENV} with {sys.executable} ({sys.version.split()[0]})", flush=True)
    python = str(VENV / "bin" / "python")
    # Seeding the venv with its own pip (ensurepip) costs ~3 s; the pip that runs this script
    # can install into it instead (`pip --python`, pip >= 22.3). Older pips fall back to ensurepip.
    host_pip_works = _host_pip_supports_target()
    venv.EnvBuilder(clear=True, with_pip=not host_pip_works, symlinks=True).create(VENV)
    pip = [sys.executable, "-m", "pip", "--python", python] if host_pip_works else [python, "-m", "pip"]
    # Wheels only: cryptography and cffi from source would need a Rust and C toolchain.
    subprocess.run([*pip, "install", "--disable-pip-version-check", "--only-binary=:all:", "-r", str(REQUIREMENTS)], check=True)
    subprocess.run([*pip, "check"], check=True)
    subprocess.run([python, "-c", "import s3_encryption, boto3; print('s3_encryption imports with boto3', boto3.__version__)"], check=True)
    # Written last: its presence means the install finished (adapter.json lists it as an output).
    READY_MARKER.write_text("built from requirements.txt\n")
    print(f"venv ready in {time.monotonic() - started:.1f} s", flush=True)
    return 0


def _host_pip_supports_target() -> bool:
    probe = subprocess.run([sys.executable, "-m", "pip", "--python", sys.executable, "--version"], capture_output=True)
    return probe.returncode == 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as failed:
        print(f"build failed: {' '.join(failed.cmd)} exited with {failed.returncode}", file=sys.stderr)
        sys.exit(1)
