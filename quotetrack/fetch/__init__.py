"""Fetching from the web politely: a timeout, a size limit, a User-Agent that says who we
are, and conditional requests so unchanged pages cost the server almost nothing."""
