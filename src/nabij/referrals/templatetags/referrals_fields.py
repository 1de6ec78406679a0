"""Pick a form's fields by name, for forms shown in parts (fieldsets)."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def fields_named(form: forms.BaseForm, names: str) -> list[forms.BoundField]:
    return [form[name] for name in names.split() if name in form.fields]
