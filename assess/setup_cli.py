"""`assess init` (migrate, load catalogs) and `assess demo` (init plus a fictional city)."""

import logging
from pathlib import Path

import click
from alembic import command
from flask import current_app
from flask.cli import with_appcontext

from assess import demo as demo_data
from assess.catalog.cli import load_into_db


@click.command(help="データベースを最新の構成にし、controls/ のカタログを読み込みます（何度実行しても同じ結果）。")
@with_appcontext
def init():
    _init()


def _init() -> None:
    _upgrade_quietly()
    click.echo("データベースを最新の構成にしました。")
    click.echo(load_into_db(Path(current_app.config["CATALOG_DIR"])))


@click.command(help="init に加え、架空の市（みどり市）のデモデータを入れます（何度実行しても同じ結果）。")
@with_appcontext
def demo():
    _init()
    for line in demo_data.load():
        click.echo(line)


def _upgrade_quietly() -> None:
    """Migrate to head without Alembic's INFO lines (one per migration): the first screen of
    `make run` is the demo's logins and links. `assess db upgrade` still logs each step."""
    config = current_app.extensions["migrate"].migrate.get_config()
    config.attributes["quiet"] = True  # env.py then leaves logging as it is
    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING)  # also when an earlier upgrade in this process set INFO
    try:
        command.upgrade(config, "head")
    finally:
        alembic_log.setLevel(level)
