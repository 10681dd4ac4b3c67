"""Format readers: one module per source format, format sniffing and JSON streaming helpers.

Each reader yields ``SourceRecord``s with canonical field names; readers import only the ingest
records and parsers, never a database, the web or the CLI.
"""
