"""The Content-Metadata header: comma-separated `[name]:[value]` entries (the Java test server's form).

The protocol forbids ',', '[' and ']' inside names and values, which makes a plain split exact.
"""

from .errors import BadRequest

_SEPARATOR = "]:["


def parse(header: str | None) -> dict[str, str]:
    entries: dict[str, str] = {}
    if not header or not header.strip():
        return entries
    # http.server decodes header bytes as ISO-8859-1; the protocol's bytes are UTF-8.
    try:
        text = header.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError) as e:
        raise BadRequest("Content-Metadata is not UTF-8") from e
    for raw in text.split(","):
        entry = raw.strip()
        if not entry:
            continue
        middle = entry.find(_SEPARATOR)
        if not entry.startswith("[") or not entry.endswith("]") or middle < 0:
            raise BadRequest("malformed Content-Metadata entry (expected [name]:[value])")
        entries[entry[1:middle]] = entry[middle + len(_SEPARATOR) : -1]
    return entries


def entries(values: dict[str, str]) -> list[str]:
    return [f"[{name}]:[{value}]" for name, value in values.items()]


def header_value(metadata: dict[str, str]) -> str:
    """The object's user metadata as a header. Informational only, so entries that would break the
    list syntax (JSON material descriptions contain commas) or are not plain ASCII are left out."""

    def safe(text: str) -> bool:
        return all(0x20 <= ord(c) <= 0x7E and c not in ",[]" for c in text)

    return ",".join(f"[{k}]:[{v}]" for k, v in metadata.items() if safe(k) and safe(v))
