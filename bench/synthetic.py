"""A synthetic catalog of N controls for benchmarks: the shipped controls repeated under new
ids (same texts, parameters and answer types), so sizes beyond the real catalog can be timed."""

import copy
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_catalog(folder: Path, size: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "controls" / "catalog.yaml", folder / "catalog.yaml")
    files = sorted(p for p in (ROOT / "controls").glob("[0-9]*.yaml"))
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    pool = [(d["domain"], c) for d in docs for c in d["controls"]]
    by_domain: dict[str, list] = {d["domain"]: [] for d in docs}
    for n in range(size):
        domain, control = pool[n % len(pool)]
        # a deep copy: shared objects would be dumped as YAML anchors, which the loader refuses
        repeated = dict(copy.deepcopy(control), id=f"{domain}-{len(by_domain[domain]) + 1:03d}")
        repeated.pop("applies_if", None)  # every synthetic control applies
        by_domain[domain].append(repeated)
    for i, (domain, controls) in enumerate(by_domain.items(), start=1):
        (folder / f"{i:02d}-{domain.lower()}.yaml").write_text(
            yaml.safe_dump({"domain": domain, "controls": controls}, allow_unicode=True, sort_keys=False),
            encoding="utf-8")
    return folder
