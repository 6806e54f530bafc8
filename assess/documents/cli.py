"""`assess docs spec|terms|tender|report PROJECT_ID -o FILE` (`report --public`: the 公開版; checklist and
minutes: see schedule)."""

from pathlib import Path

import click
from flask.cli import AppGroup

from assess.documents import report_sources, sources
from assess.documents.render import DocumentError
from assess.extensions import db
from assess.projects.models import Project


@click.group(cls=AppGroup, help="Word文書を作成します。")
def docs():
    pass


def write(output: Path, data: bytes) -> None:
    """Written whole or not at all (a temporary file renamed into place)."""
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as e:
        tmp.unlink(missing_ok=True) if tmp.parent.exists() else None
        raise click.ClickException(f"{output} に書き込めません（{e.strerror}）。") from None


def _project_command(kind: str, help_text: str):
    @docs.command(kind, help=help_text)
    @click.argument("project_id", type=int)
    @click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
    def command(project_id, output):
        project = db.session.get(Project, project_id)
        if project is None:
            raise click.ClickException(f"案件 {project_id} はありません。")
        try:
            data = sources.project_document(db.session, project, kind, sources.reviewers_of(db.session, project))
        except DocumentError as e:
            raise click.ClickException(str(e)) from None
        write(output, data)
        click.echo(f"作成しました: {output}")

    return command


_project_command("spec", "仕様書（情報セキュリティ要件）")
_project_command("terms", "個人情報取扱特記事項")
_project_command("tender", "公募要領 別紙（参加資格及び評価項目）")


@docs.command("report", help="評価結果報告書（--public: 公開版。契約候補者以外の事業者名を A社・B社… に置き換え、"
                             "非開示希望の回答を伏せる）")
@click.argument("project_id", type=int)
@click.option("-o", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--public", is_flag=True, help="公開版（情報公開・結果通知用）を作る。")
@click.option("--staff-comments", is_flag=True, help="公開版にも職員の判定コメントを載せる。")
def report(project_id, output, public, staff_comments):
    project = db.session.get(Project, project_id)
    if project is None:
        raise click.ClickException(f"案件 {project_id} はありません。")
    try:
        data = report_sources.report_document(db.session, project, public=public, staff_comments=staff_comments)
    except DocumentError as e:
        raise click.ClickException(str(e)) from None
    write(output, data)
    click.echo(f"作成しました: {output}{'（公開版）' if public else ''}")
