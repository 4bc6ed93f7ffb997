"""The programme office: verification queues for producers and certificates, revocations, the audit log."""
