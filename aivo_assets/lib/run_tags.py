"""Run tags shared by everything that writes the warehouse.

``dagster.yaml`` limits runs tagged ``aivo/warehouse`` to one at a time: a DuckDB file admits one
writer, and the queue then starts them in submission order (catch-up runs oldest first).
"""

WAREHOUSE_WRITER_TAGS = {"aivo/warehouse": "writer"}
