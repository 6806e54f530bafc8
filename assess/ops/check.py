"""`assess check`: is the database reachable and migrated, does every evidence row have its file
with the right hash, are there files nothing points at (reported, not deleted), is the audit
chain whole, is a reverse proxy in front without PROXY_FIX. The exit code adds up what failed:
1 database, 2 migrations, 4 files, 8 audit, 16 settings."""

from dataclasses import dataclass, field
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assess.audit.services import verify_chain
from assess.core import proxycheck
from assess.evidence import store
from assess.evidence.models import StoredFile
from assess.ops.manifest import sha256_of

DATABASE, MIGRATIONS, FILES, AUDIT, SETTINGS = 1, 2, 4, 8, 16


@dataclass
class Report:
    code: int = 0
    lines: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    def fail(self, bit: int, line: str) -> None:
        self.code |= bit
        self.lines.append(line)


def run(session: Session, evidence_dir: Path, migrations_dir: str) -> Report:
    report = Report()
    try:
        session.execute(text("SELECT 1"))
    except Exception as e:  # whatever the driver raises, the answer is "not reachable"
        report.fail(DATABASE, f"データベースに接続できません: {e.__class__.__name__}")
        return report
    head = ScriptDirectory(migrations_dir).get_current_head()
    current = MigrationContext.configure(session.connection()).get_current_revision()
    if current != head:
        report.fail(MIGRATIONS, f"データベースの構成が最新ではありません（現在 {current}、最新 {head}）。assess init を実行してください。")
        return report
    known = set()
    for sha in session.scalars(select(StoredFile.sha256)):
        known.add(sha)
        path = store.path_of(evidence_dir, sha)
        if not path.is_file():
            report.fail(FILES, f"証跡ファイルがありません: {sha}")
        elif sha256_of(path) != sha:
            report.fail(FILES, f"証跡ファイルの内容が記録と一致しません: {sha}")
    if evidence_dir.exists():
        for path in sorted(p for p in evidence_dir.rglob("*") if p.is_file()):
            sha = path.stem if path.parent.name == "thumbs" else path.name
            if sha not in known:
                report.orphans.append(str(path.relative_to(evidence_dir)))
    broken = verify_chain(session)
    if broken is not None:
        report.fail(AUDIT, f"監査ログの連鎖が壊れています: 記録ID {broken.event_id}（連番 {broken.seq}）: {broken.reason}")
    proxy = proxycheck.recently_seen(session)
    if proxy:
        report.fail(SETTINGS, proxy)
    return report
