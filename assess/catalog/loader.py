"""Reading a catalog folder: every file parsed, every control validated, every problem collected.

`lint(paths)` returns all problems in one run; `load(folder)` returns a valid Catalog or raises
CatalogInvalid. Pure: files in, frozen objects out; no Flask, no database.
"""

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from assess.catalog import errors_ja
from assess.catalog.checks import check_control, check_domain_coverage, check_groups
from assess.catalog.problems import CatalogInvalid, Problem
from assess.catalog.schema import Catalog, CatalogMeta, Control
from assess.catalog.yamlsource import YamlDoc, YamlSyntaxError, parse

META_FILE = "catalog.yaml"


def _read(path: Path, shown: str, problems: list[Problem]) -> YamlDoc | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        problems.append(Problem(shown, 1, "-", f"UTF-8 として読めません（{e.start}バイト目）"))
        return None
    except OSError as e:
        problems.append(Problem(shown, 1, "-", f"ファイルを読めません: {e.strerror}"))
        return None
    try:
        doc = parse(text)
    except YamlSyntaxError as e:
        problems.append(Problem(shown, e.line, "-", str(e)))
        return None
    for line, key in doc.duplicates:
        problems.append(Problem(shown, line, "-", f"項目 '{key}' が重複しています"))
    return doc


def _validation_problems(exc: ValidationError, doc: YamlDoc, base: tuple, shown: str,
                         control_id: str) -> list[Problem]:
    return [Problem(shown, doc.line_of(base + loc), control_id, message)
            for loc, message in errors_ja.each(exc)]


def _load_meta(path: Path, shown: str, problems: list[Problem]):
    """The catalog's metadata (None when invalid) and its YAML document, for line numbers."""
    doc = _read(path, shown, problems)
    if doc is None:
        return None, None
    try:
        return CatalogMeta.model_validate(doc.data), doc
    except ValidationError as e:
        problems.extend(_validation_problems(e, doc, (), shown, "-"))
        return None, doc


def _controls_of(doc: YamlDoc, shown: str, problems: list[Problem]):
    """(control, index) for each control of a domain file that passes the schema."""
    data = doc.data
    if not isinstance(data, dict) or set(data) - {"domain", "controls"} or "controls" not in data:
        problems.append(Problem(shown, 1, "-", "ドメインのファイルは 'domain:' と 'controls:' "
                                "の2項目だけで書きます"))
        return
    if not isinstance(data["controls"], tuple):
        problems.append(Problem(shown, doc.line_of(("controls",)), "-",
                                "'controls' はリスト（- で始まる行）にしてください"))
        return
    for index, raw in enumerate(data["controls"]):
        control_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        try:
            yield Control.model_validate(raw), index
        except ValidationError as e:
            problems.extend(_validation_problems(e, doc, ("controls", index), shown,
                                                 str(control_id)))


def _domain_files(paths: Iterable[Path]) -> tuple[Path | None, list[Path]]:
    meta, files = None, []
    for path in paths:
        if path.is_dir():
            meta = path / META_FILE if (path / META_FILE).exists() else meta
            files += sorted(p for p in path.glob("*.yaml") if p.name != META_FILE)
        elif path.name == META_FILE:
            meta = path
        else:
            files.append(path)
            if meta is None and (path.parent / META_FILE).exists():
                meta = path.parent / META_FILE
    return meta, files


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def lint(paths: Iterable[Path]) -> tuple[Catalog | None, list[Problem]]:
    """Every problem in the given folders/files; the catalog too when there are none."""
    problems: list[Problem] = []
    meta_path, files = _domain_files([Path(p) for p in paths])
    if meta_path is None:
        problems.append(Problem("catalog.yaml", 1, "-", "catalog.yaml が見つかりません（出典と"
                                "ドメインの一覧を書くファイルです）"))
        meta = meta_doc = None
    else:
        meta, meta_doc = _load_meta(meta_path, _shown(meta_path), problems)
    controls: list[Control] = []
    first_seen: dict[str, str] = {}
    group_lines: dict[str, tuple[str, int]] = {}  # control id → where its any_of is written
    domains_seen: set = set()
    unreadable = False
    for path in files:
        shown = _shown(path)
        doc = _read(path, shown, problems)
        if doc is None:
            unreadable = True
            continue
        file_domain = doc.data.get("domain") if isinstance(doc.data, dict) else None
        domains_seen.add(file_domain)
        for control, index in _controls_of(doc, shown, problems):
            base = ("controls", index)
            where = f"{shown}:{doc.line_of(base)}"
            if control.id in first_seen:
                problems.append(Problem(shown, doc.line_of(base + ("id",)), control.id,
                                        f"統制IDが重複しています（最初の定義: {first_seen[control.id]}）"))
                continue
            first_seen[control.id] = where
            found = check_control(control, meta, file_domain)
            problems += [Problem(shown, doc.line_of(base + loc), control.id, msg)
                         for loc, msg in found]
            controls.append(control)
            group_lines[control.id] = (shown, doc.line_of(base + ("any_of",)))
    problems += [Problem(*group_lines[cid], cid, msg) for cid, msg in check_groups(controls)]
    if meta is not None and not unreadable:  # an unreadable file may hold the "missing" domain
        problems += [Problem(_shown(meta_path), meta_doc.line_of(loc), "-", msg)
                     for loc, msg in check_domain_coverage(meta, domains_seen)]
    if problems or meta is None:
        return None, sorted(set(problems))
    order = {d.id: d.order for d in meta.domains}
    controls.sort(key=lambda c: (order[c.domain_id], c.id))
    return Catalog(meta=meta, controls=tuple(controls)), []


def load(folder: str | Path) -> Catalog:
    catalog, problems = lint([Path(folder)])
    if catalog is None:
        raise CatalogInvalid(problems)
    return catalog


def _fingerprint(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(folder.glob("*.yaml")))


@lru_cache(maxsize=8)
def _load_cached(folder: str, fingerprint: tuple) -> Catalog:
    return load(folder)


def load_cached(folder: str | Path) -> Catalog:
    """Parsed once per process, and again only when a file in the folder changes."""
    folder = Path(folder).resolve()
    return _load_cached(str(folder), _fingerprint(folder))
