"""The API's OpenAPI schema with every 4xx answer an operation can give (docs/api-errors.md).

Routes declare their success answers; the error answers follow from what an operation takes,
so they are added here, in one place, for every operation:

- 401 to every operation (each needs a session or a token);
- 422 to every operation with parameters or a body (a type, range, length or rule failed);
- 400 to every operation with a body (the body is not JSON);
- 404 and 403 where an operation names a row (a path id, or ids in a body: it may not exist or
  not be yours), where it changes something (your role may not) and on the exports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from rapport.api.schemas import ErrorOut, InvalidOut

_DESCRIPTIONS = {
    400: "The body is not valid JSON.",
    401: "No valid session or token.",
    403: "Your role may not do this, or the item is not one of yours.",
    404: "No such item.",
    422: "Invalid input: a value's type, range or length, or one of Rapport's rules.",
}
_CHECKED_READS = ("/api/exports/",)


def error_codes(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The 4xx answers ``operation`` (at ``method path``) can give."""
    has_body = "requestBody" in operation
    names_row = any(p.get("in") == "path" for p in operation.get("parameters", [])) or has_body
    codes = [401]
    if has_body:
        codes.append(400)
    if names_row or method != "get" or path.startswith(_CHECKED_READS):
        codes += [403, 404]
    if operation.get("parameters") or has_body:
        codes.append(422)
    return sorted(codes)


def _ref(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema()
    invalid = InvalidOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components["InvalidOut"] = invalid
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in error_codes(path, method, operation):
                responses.setdefault(
                    code,
                    {
                        "description": _DESCRIPTIONS[code],
                        "content": _ref("InvalidOut" if code == 422 else "ErrorOut"),
                    },
                )
    return schema


class RapportAPI(NinjaAPI):
    """The API with its errors documented, and a method a path does not take answered in JSON
    (405 ``{"detail": …}`` with the ``Allow`` header), like every other error."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for url in urls:
            if isinstance(url, URLPattern):
                url.callback = self._json_not_allowed(url.callback)
        return urls

    def _json_not_allowed(self, view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
        @wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                detail = f"This path does not take {request.method}; it takes {allowed}."
                response = self.create_response(request, {"detail": detail}, status=405)
                response["Allow"] = allowed
            return response

        return answer

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema
