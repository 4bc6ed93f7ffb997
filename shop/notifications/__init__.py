"""In-app notifications (with an email when SMTP is set): certificate expiry, office decisions."""
