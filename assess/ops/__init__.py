"""Keeping the installation whole: consistent backups and verified restores, and a check of the
database, the evidence files and the audit chain."""
