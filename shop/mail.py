"""Outgoing email: through SMTP when MAIL_SERVER is set, otherwise into the log for developers."""
import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; without SMTP settings, log it so a developer can follow its links."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.warning("email to %s (no MAIL_SERVER set, so it is only logged)\nSubject: %s\n\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_SENDER"], to, subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())  # checks the server's certificate
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
