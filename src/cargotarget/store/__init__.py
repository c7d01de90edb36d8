"""Storage: tables, migrations, the raw-message archive and the repositories."""
