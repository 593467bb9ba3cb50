"""Alembic environment. Migrations run from code (storage/schema.py), which hands
over an open connection; there is no alembic.ini and no URL in any file."""

from alembic import context

from storage.every_table import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `python main.py db upgrade`, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters tables by copying them; batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
