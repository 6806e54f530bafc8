"""`assess vendor import FILE [--dry-run]`: a vendor list from CSV or Excel."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from assess.audit.services import Actor
from assess.extensions import db
from assess.util.tabular import TableError, summary
from assess.vendors import import_rows, importer


@click.command("import", help="委託事業者の一覧（CSV・Excel）を取り込みます。全行を確認してから保存します。")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="確認と変更内容の表示だけを行い、保存しない")
@with_appcontext
def vendor_import(path: Path, dry_run: bool):
    try:
        rows, problems = import_rows.check(path.read_bytes(), path.name)
    except TableError as e:
        raise click.ClickException(str(e)) from None
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        raise click.ClickException(summary(problems))
    if dry_run:
        done = importer.plan(db.session, rows)
    else:
        done = importer.apply(db.session, Actor.cli(), rows, path.name)
        db.session.commit()
    for change in done.creates:
        click.echo(f"追加\t{change.row.row}行目\t{change.row.corporate_number}\t{change.row.name}")
    for change in done.updates:
        click.echo(f"変更\t{change.row.row}行目\t{change.row.corporate_number}\t"
                   + "、".join(change.lines()))
    verb = "追加予定" if dry_run else "追加"
    click.echo(f"{verb} {len(done.creates)}件、変更 {len(done.updates)}件、変更なし {done.unchanged}件"
               + ("（--dry-run のため保存していません）" if dry_run else ""))
