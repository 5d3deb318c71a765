"""Data collection loop: Excel templates, ingestion of returned files, audit trail, data-quality report.

- :mod:`.templates` writes one collection workbook per organisation in the sample, and a blank CSV;
- :mod:`.reading` reads returned workbooks and CSVs into submissions (organisation and period from content);
- :mod:`.ingest` validates them with the core rules and merges accepted rows (:mod:`.history`);
- :mod:`.quality` writes the data-quality report of the period (HTML FR/EN and CSV);
- :mod:`.command` registers ``barometre template`` and ``barometre ingest``.
"""
