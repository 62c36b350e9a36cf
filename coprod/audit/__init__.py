"""The audit trail: who created, changed or deleted which record, exported or signed in, and when."""
