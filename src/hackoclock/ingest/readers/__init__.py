"""One reader per source format; each yields ``SourceRecord``s with canonical field names."""
