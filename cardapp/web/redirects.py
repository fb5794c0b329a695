"""Where a form may send a person afterwards: only a path on this site."""

from __future__ import annotations


def local_path(target: str | None, fallback: str = "/") -> str:
    """`target` when it is a plain path on this site, else `fallback`.

    Browsers drop tabs and line breaks from addresses, so "/\t/evil.example" would become
    "//evil.example": any control character or backslash is refused, as is "//".
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(character) <= 0x20 or ord(character) == 0x7F for character in target):
        return fallback
    return target
