"""The backup manifest: every file of a snapshot with its sha256 (pure apart from reading files)."""

import hashlib
import json
from pathlib import Path

FORMAT = "assess-backup-1"
NAME = "manifest.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_of(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def write(folder: Path, content: dict) -> None:
    tmp = folder / (NAME + ".tmp")
    tmp.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(folder / NAME)  # the manifest appears last: a backup without one is unfinished


def verify(folder: Path) -> tuple[dict | None, list[str]]:
    """The manifest and the problems found: missing manifest, missing or changed files."""
    path = folder / NAME
    if not path.exists():
        return None, [f"{path} がありません（バックアップが途中で終わったか、別のフォルダです）。"]
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None, [f"{path} が壊れています。"]
    if content.get("format") != FORMAT:
        return None, [f"{path} はこのシステムのバックアップではありません。"]
    problems = []
    for name, expected in content.get("files", {}).items():
        file = folder / name
        if not file.is_file():
            problems.append(f"{name} がありません。")
        elif sha256_of(file) != expected:
            problems.append(f"{name} の内容がバックアップ時と一致しません（sha256が違います）。")
    return content, problems
