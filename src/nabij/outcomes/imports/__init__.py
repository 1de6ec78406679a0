"""Reading and checking CBS open data for ``nabij import indicators`` (docs/import-indicators.md).

- ``metadata``: a table's ``TableInfos`` and ``DataProperties`` (what each field is).
- ``definitions``: each measure of a table -> a stable indicator code.
- ``tables``: the data files (OData ``TypedDataSet`` JSON, StatLine CSV), grouped per table,
  checked completely; the findings, or the tables ready for ``outcomes.services``.
- ``command``: the command line, with exit codes and a progress bar.
"""
