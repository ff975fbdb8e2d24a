"""Schema migrations, applied in name order by db.schema.migrate (see its docstring)."""
