"""Page-numbered lists with bounded page numbers and sizes (no offset overflows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class Pages(PageNumberPagination):
    """``?page=`` from 1 to 1,000,000 and ``?page_size=`` up to 500; beyond: 422."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs: object) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


class Mapped:
    """Lets the paginator count and slice a queryset while rows come out as dicts; the mapper
    takes a page's rows at once (one look-up for the page, not one per row: which projects'
    detail the reader sees, say)."""

    def __init__(self, queryset: QuerySet, mapper: Callable[[list], list[dict[str, Any]]]) -> None:
        self.queryset = queryset
        self.mapper = mapper

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: int | slice) -> Any:
        if isinstance(item, slice):
            return self.mapper(list(self.queryset[item]))
        return self.mapper([self.queryset[item]])[0]
