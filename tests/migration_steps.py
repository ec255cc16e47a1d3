"""Finding a data migration and the one before it by name, so a migration test survives
migrations being renumbered when branches are merged."""

from django.db.migrations.executor import MigrationExecutor


def migration_and_parent(executor: MigrationExecutor, app: str, suffix: str):
    """The migration of ``app`` whose name ends with ``suffix``, and its parent in ``app``."""
    [key] = [
        key for key in executor.loader.graph.nodes if key[0] == app and key[1].endswith(suffix)
    ]
    [parent] = [node for node in executor.loader.graph.node_map[key].parents if node.key[0] == app]
    return key, parent.key
