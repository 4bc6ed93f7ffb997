"""Email goes through SMTP when MAIL_SERVER is set, and into the log when it is not."""
import logging

from shop.mail import send_mail
from tests.support.smtp import smtp_server


def test_with_smtp_settings_a_message_is_delivered(app):
    with smtp_server() as (port, messages):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
        send_mail("lan@example.vn", "Đặt lại mật khẩu", "Mở liên kết: http://localhost/account/reset/x")
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "lan@example.vn" and message["Subject"] == "Đặt lại mật khẩu"
    assert "http://localhost/account/reset/x" in message.get_content()


def test_without_smtp_the_message_is_logged(app, caplog):
    app.config["MAIL_SERVER"] = ""
    with caplog.at_level(logging.WARNING, logger="shop.mail"):
        send_mail("lan@example.vn", "Chào", "nội dung thư")
    assert "lan@example.vn" in caplog.text and "nội dung thư" in caplog.text
