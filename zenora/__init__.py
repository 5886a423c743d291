"""Zenora's kernel: what every app may use, importing no app itself."""

# The release, as in pyproject.toml; backups record it (zenora/management/commands/backup.py).
__version__ = "0.1.0"
