"""Unattended publication: ``barometre publish`` (lock, run records, exit codes)."""
