"""A problem found in a catalog file, reported as `FILE:LINE: CONTROL_ID: message`."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    control_id: str  # "-" for problems outside a control (catalog.yaml, a file's header)
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.control_id}: {self.message}"


class CatalogInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
