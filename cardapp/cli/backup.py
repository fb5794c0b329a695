"""`cardapp backup`: a copy of the whole database, and putting one back."""

from __future__ import annotations

from pathlib import Path

import click

from cardapp.cli.environment import environment_settings, fail, readable_errors


@click.group()
def backup() -> None:
    """Back up the database (SQLite or PostgreSQL) and restore a backup."""


@backup.command("create")
@click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=False))
@readable_errors
def create(path: Path | None) -> None:
    """Write a backup to PATH (default: instance/backups/cardapp-<date>-<time>); safe while the server runs."""
    import datetime as dt

    from cardapp.store.backups import BackupError, create_backup, default_backup_name, row_counts

    settings = environment_settings()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = path or settings.instance_path / "backups" / default_backup_name(settings.database_url, stamp)
    try:
        written = create_backup(settings.database_url, target)
    except BackupError as error:
        fail(str(error))
    click.echo(f"Wrote {written} ({written.stat().st_size} bytes; readable by its owner only): "
               f"{_counted(row_counts(settings.database_url))}.")
    click.echo("It holds accounts and, for workshops still running, per-person answer rows: keep it safe "
               "and no longer than your organisations' retention period (docs/backups.md).")


@backup.command("restore")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@readable_errors
def restore(path: Path, force: bool) -> None:
    """Put the backup in PATH back into the configured database; stop the server first."""
    from cardapp.store.backups import BackupError, restore_backup
    from cardapp.store.migrate import current_revision, upgrade_database

    settings = environment_settings()
    try:
        restored = restore_backup(settings.database_url, path, force=force)
    except BackupError as error:
        fail(str(error))
    before = current_revision(settings.database_url)
    upgrade_database(settings.database_url)
    after = current_revision(settings.database_url)
    migrated = f"; migrated from revision {before} to {after}" if before != after else f" at revision {after}"
    click.echo(f"Restored {restored.source} into {restored.target}{migrated}: {_counted(restored.counts)}.")


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
