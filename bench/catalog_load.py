"""Time to load and validate every catalog in controls/ (target: < 100 ms), against a baseline
measured in the same run: PyYAML's C loader alone reading the same files.

Usage: .venv/bin/python bench/catalog_load.py [FOLDER]
"""

import statistics
import sys
import time
from pathlib import Path

import yaml

from assess.catalog import loader, texts

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(fn, runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "controls"
    files = sorted(folder.glob("*.yaml"))
    texts_ = [f.read_text(encoding="utf-8") for f in files]
    cload = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def baseline():
        for t in texts_:
            yaml.load(t, Loader=cload)  # noqa: S506 - the safe C loader

    def full():
        texts._compiled.cache_clear()  # a cold process: templates compiled again
        catalog, problems = loader.lint([folder])
        assert catalog is not None, problems

    catalog, _ = loader.lint([folder])
    base, whole = _median_ms(baseline), _median_ms(full)
    print(f"catalog: {len(catalog.controls)} controls in {len(files)} files "
          f"(C loader: {'yes' if cload is not yaml.SafeLoader else 'no'})")
    print(f"baseline  yaml.load only           : {base:7.2f} ms")
    print(f"load + validate + lint (cold)      : {whole:7.2f} ms  ({whole / base:.1f}x baseline)")
    print(f"target < 100 ms                    : {'met' if whole < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
