"""Scheduled ingest: jobs that keep a folder, a JSON Lines file, a web page or a feed in the
database, run from cron, a systemd timer or ``quotetrack jobs serve``.

Runs are safe to repeat, overlap and kill: a lock row per job keeps two runs apart, each
document is stored in its own transaction, and what a run has handled is remembered per
entry, so the next run picks up where a killed one stopped.
"""
