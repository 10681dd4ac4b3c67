"""Points ledger: accounts, immutable double-entry transfers, crediting runs, verification."""
