"""The relational store: models, engine and sessions, migrations, and the repository
that writes extracted documents and reads them back."""
