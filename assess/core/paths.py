"""Where a redirect may go after login or a form: a path on this site, never another host."""

from urllib.parse import urlsplit


def safe_path(target: str | None, fallback: str) -> str:
    """`target` when it is a plain local path (/…); otherwise `fallback`. Control characters and
    backslashes are refused: browsers drop or turn them into slashes (/\\t/evil → //evil)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
