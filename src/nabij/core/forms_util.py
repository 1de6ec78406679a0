from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from nabij.core.errors import DomainError


def apply_validation_error(form: forms.BaseForm, exc: ValidationError | DomainError) -> None:
    """Put a service's error on the form: on the field it names, or on the form as a whole."""
    if isinstance(exc, DomainError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, str(exc))
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
