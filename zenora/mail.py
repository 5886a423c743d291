"""The embedded default's email: each message as one JSON log line instead of raw MIME on stdout."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("zenora.email")


class LoggingEmailBackend(BaseEmailBackend):
    """Used in place of Django's console backend. Zenora's emails hold no private text."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.info(
                "Email to %s: %s",
                ", ".join(message.recipients()),
                message.subject,
                extra={
                    "email_to": message.recipients(),
                    "email_subject": message.subject,
                    "email_text": message.body,
                },
            )
        return len(email_messages)
