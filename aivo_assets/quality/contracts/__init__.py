"""One pandera ``DataFrameModel`` per table and view: the table contract, checked in-warehouse.

A rule marked ``raise_warning=True`` is a WARN rule (reported, never blocking); every other
rule, dtype, nullability and uniqueness constraint is an ERROR rule that blocks downstream.
"""
