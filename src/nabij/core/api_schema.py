"""The base of every API request body."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, ModelWrapValidatorHandler, ValidationInfo, model_validator


class InputSchema(Schema):
    """A request body must be a JSON object, with no fields the operation does not define.

    Unknown fields are refused (422), so a caller cannot believe it set something the server
    decides itself (who mandated a breakthrough, say) or that a typo was taken.

    Ninja's ``Schema`` reads any other value attribute by attribute (to serve ORM objects), so
    the JSON string ``"text"`` would pass as a body whose ``title`` is ``"text".title()``.
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if not isinstance(values, dict):
            raise ValueError("The body must be a JSON object.")
        return handler(values)
