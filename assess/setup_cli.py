"""`assess init` (migrate, load catalogs) and `assess demo` (init plus a fictional city)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from assess import demo as demo_data
from assess.catalog.cli import load_into_db


@click.command(help="データベースを最新の構成にし、controls/ のカタログを読み込みます（何度実行しても同じ結果）。")
@with_appcontext
def init():
    _init()


def _init() -> None:
    upgrade()
    click.echo("データベースを最新の構成にしました。")
    click.echo(load_into_db(Path(current_app.config["CATALOG_DIR"])))


@click.command(help="init に加え、架空の市（みどり市）のデモデータを入れます（何度実行しても同じ結果）。")
@with_appcontext
def demo():
    _init()
    for line in demo_data.load():
        click.echo(line)
