"""Content-addressed file storage under the evidence folder: `<sha256[:2]>/<sha256>` for
originals, `thumbs/<sha256>.jpg` for thumbnails we made. Written to a temporary file in the same
folder, flushed to disk, then renamed: a reader never sees half a file. No Flask, no database;
swapping in an object store means reimplementing these four functions."""

import hashlib
import os
import tempfile
from pathlib import Path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_of(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def thumb_path(root: Path, sha256: str) -> Path:
    return root / "thumbs" / f"{sha256}.jpg"


def _write(target: Path, data: bytes) -> None:
    if target.exists() and target.stat().st_size == len(data):
        return  # the same content is stored once
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def put(root: Path, data: bytes) -> str:
    sha256 = digest(data)
    _write(path_of(root, sha256), data)
    return sha256


def put_thumb(root: Path, sha256: str, data: bytes) -> None:
    _write(thumb_path(root, sha256), data)


def read(root: Path, sha256: str) -> bytes:
    return path_of(root, sha256).read_bytes()
