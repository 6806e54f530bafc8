"""The ZIP that travels with the workbook: folders named by requirement id holding evidence
files. Unpacked only after checking every entry: no paths out of the folder, no bombs."""

import io
import posixpath
import zipfile
from dataclasses import dataclass

from assess.evidence import zipcheck
from assess.exchange.reader import Problem

MAX_TOTAL = 500 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
MAX_MEMBER = 100 * 1024 * 1024  # one member; a file over the evidence limit is refused after, by name


@dataclass(frozen=True)
class Unpacked:
    workbook: bytes | None
    files: list[tuple[str, str, bytes]]  # (control id, file name, content)


def _unsafe(name: str) -> bool:
    return name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name.split("/")[0]


def unpack(data: bytes, known_ids: set[str]) -> tuple[Unpacked, list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        return Unpacked(None, []), [Problem("ZIP", "ZIPファイルとして読めません。")]
    problems = [Problem(f"ZIP: {i.filename}", "フォルダの外を指す名前のファイルは受け付けません（パストラバーサル）。")
                for i in infos if _unsafe(i.filename)]
    problems += [Problem(f"ZIP: {_decoded(i)}", f"ZIPが壊れています（{_decoded(i)}: {reason}）。")
                 for i in infos if not i.is_dir() and (reason := zipcheck.entry_problem(i))]
    total, packed = sum(i.file_size for i in infos), sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_ENTRIES or total > MAX_TOTAL or total / packed > MAX_RATIO:
        problems.append(Problem("ZIP", "展開すると極端に大きくなるZIP（ZIP爆弾の疑い）のため受け付けません。"))
    if problems:
        return Unpacked(None, []), problems
    workbook, files = None, []
    for info in infos:
        if info.is_dir():
            continue
        parts = [p for p in posixpath.normpath(info.filename.replace("\\", "/")).split("/") if p]
        name = _decoded(info)
        if len(parts) == 1 and parts[0].lower().endswith(".xlsx"):
            if workbook is not None:
                problems.append(Problem(f"ZIP: {name}", "回答用のExcelブックが2つ以上あります。1つにしてください。"))
            workbook = _read(archive, info, name, problems)
        elif len(parts) == 2 and parts[0] in known_ids:
            body = _read(archive, info, name, problems)
            if body is not None:
                files.append((parts[0], name.split("/")[-1], body))
        elif parts[-1].startswith((".", "__MACOSX")) or parts[0] == "__MACOSX":
            continue  # what some archivers add; not the vendor's files
        else:
            problems.append(Problem(f"ZIP: {name}", "証跡は要件IDと同じ名前のフォルダ（例: GOV-01/規程.pdf）に入れてください。"))
    return Unpacked(workbook, files), problems


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, problems: list[Problem]) -> bytes | None:
    """The member's bytes, or None with the problem noted (a CRC that does not match, a stream
    that does not inflate): reported by name, like every other problem with the package."""
    try:
        return zipcheck.read(archive, info, MAX_MEMBER, name)
    except zipcheck.Broken as e:
        problems.append(Problem(f"ZIP: {name}", f"ZIPが壊れています（{e}）。"))
        return None


def _decoded(info: zipfile.ZipInfo) -> str:
    """Japanese names from Windows' built-in ZIP are CP932 without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp932")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
