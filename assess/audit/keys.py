"""The audit chain's key: 32 random bytes in a file outside the database (instance/audit_key by
default, AUDIT_KEY_FILE to move it), made once with mode 0600. Every worker and host that writes
to the same database needs the same file; a backup of the database does not contain it."""

import os
import secrets
from pathlib import Path


class AuditKeyError(Exception):
    pass


def load_or_create(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # atomic and refuses to replace: workers starting together agree
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise AuditKeyError(f"監査ログの鍵ファイル {path} の内容が正しくありません（16バイト以上の16進数が必要です）。")
    return key

