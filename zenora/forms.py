"""A service's refusal, shown where the person is looking: on the form, or as a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from zenora.textchecks import IdentifierFindings


def add_service_errors(form, error: ValidationError | PermissionDenied) -> None:
    """Put a service's ValidationError or PermissionDenied on ``form``: beside the field it
    names when the form has that field, else above the form. The confidentiality guard's
    findings go on ``form.findings`` instead, shown beside the kept text to edit or confirm."""
    if isinstance(error, IdentifierFindings):
        form.findings = error.findings
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def service_error_text(error: Exception, default: str = "That didn't work. Please try again.") -> str:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return text or default


def message_service_error(request: HttpRequest, error: Exception) -> None:
    """A refusal where there is no form to show it on: the next page's message."""
    messages.error(request, service_error_text(error))
