"""Demo content for ``manage.py load_demo``: data tables, hubs and logins, pages, files."""
