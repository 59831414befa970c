"""Speakers across articles: one row per person or organisation, merged conservatively,
and corrections by the user (merge, rename, split) that later ingests respect."""
