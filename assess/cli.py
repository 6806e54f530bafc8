"""The `assess` command: Flask's CLI (run, db …) plus our own commands from each domain."""

import click
from flask.cli import FlaskGroup

from assess import create_app


def _create_app():
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False, set_debug_flag=False)
def main():
    """委託先セキュリティ評価ツール (assess)."""


def _register() -> None:
    from assess.audit.cli import audit
    from assess.auth.cli import user
    from assess.catalog.cli import catalog
    from assess.documents.cli import docs
    from assess.exchange.cli import export_package, import_package
    from assess.ops.cli import backup, check, restore
    from assess.projects.cli import project
    from assess.questionnaires.cli import invitation, invite, vendor
    from assess.reviews.cli import score
    from assess.schedule.cli import reminder_group, schedule
    from assess.setup_cli import demo, init
    from assess.vendors.cli import vendor_import

    vendor.add_command(vendor_import)

    for command in (audit, user, catalog, project, vendor, invite, invitation, score, docs, schedule, export_package, import_package, backup, restore, check, init, demo):
        main.add_command(command)
    main.add_command(reminder_group, "reminders")


_register()
