"""Exports in the JSON API: the responses export as a CSV or XLSX download.

Same rows as the console's export for the same reader (``readable_responses``: anonymous
answers never one by one; confidential ones to PMO roles only; sponsors get 403).
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja import Router

from rapport.api.schemas import Id, Line
from rapport.exports.services import FORMATS, export_response

router = Router()


@router.get(
    "/responses",
    summary="Responses as CSV or XLSX",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {
                    "text/csv": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                },
            }
        }
    },
)
def export_responses(
    request: HttpRequest,
    format: Line = "csv",
    project: Id | None = None,
    review: Id | None = None,
    customer: Id | None = None,
    period: Line = "",
    since: Line = "",
    until: Line = "",
) -> StreamingHttpResponse | FileResponse:
    """The answers you may read one by one, by project and month, with one column per question."""
    if format not in FORMATS:
        raise ValidationError({"format": f"Choose one of: {', '.join(FORMATS)}."})
    params = {
        key: str(value)
        for key, value in {
            "project": project,
            "review": review,
            "customer": customer,
            "period": period,
            "since": since,
            "until": until,
        }.items()
        if value not in (None, "")
    }
    return export_response("responses", format, request.user, params)
