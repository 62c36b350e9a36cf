"""Personal data under UK GDPR: the audit trail's pages, retention, subject access and erasure."""
