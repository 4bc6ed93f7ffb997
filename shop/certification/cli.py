"""`flask --app wsgi ocop ...`: the programme office's commands."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError

from shop.certification.expiry import add_expiry_reminders, mail_reminders
from shop.certification.importer import REQUIRED_COLUMNS, check_table, write_rows
from shop.certification.table_files import ListRejected, read_table
from shop.clock import today
from shop.extensions import db
from shop.signals import certificates_checked, certificates_expired

ocop = AppGroup("ocop", help="OCOP programme office commands.")


@ocop.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path):
    """Import an official certificate list (.csv or .xlsx); all rows or none."""
    try:
        counts = write_rows(check_table(read_table(path, REQUIRED_COLUMNS)), reference=path.name[:80])
        db.session.commit()
    except ListRejected as rejected:
        db.session.rollback()
        with force_locale("en"):  # the command speaks English throughout, as docs/importing.md shows it
            for error in rejected.errors:
                click.echo(str(error), err=True)
        raise click.ClickException(f"{path.name}: {len(rejected.errors)} error(s); nothing was imported") from None
    except SQLAlchemyError as failure:
        db.session.rollback()
        raise click.ClickException(f"{path.name}: the database refused the list ({type(failure).__name__}); "
                                   "nothing was imported") from None
    click.echo(f"{path.name}: {counts['certificates']} certificate(s) imported, "
               f"{counts['producers']} new producer(s), {counts['products']} new product(s), "
               f"{counts['skipped']} already recorded")


@ocop.command("expiry-check")
def expiry_check_command():
    """Remind producers of certificates expiring in 60, 30, 7 days or expired; drop the expired from search;
    raise pull alerts at outlets holding what must come off the counter (daily)."""
    outbox = add_expiry_reminders(today())
    db.session.commit()  # the in-app reminders stand even if mail fails below
    taken_out = certificates_expired.send(current_app._get_current_object(), day=today())  # search forgets them
    db.session.commit()
    alerts = certificates_checked.send(current_app._get_current_object(), day=today())  # outlets pull them
    db.session.commit()
    mailed = mail_reminders(outbox)
    click.echo(f"{len(outbox)} reminder(s) sent, {mailed} by email; "
               f"{sum(count for _, count in taken_out)} expired product(s) left the search index; "
               f"{sum(count for _, count in alerts)} pull alert(s) raised at outlets")
