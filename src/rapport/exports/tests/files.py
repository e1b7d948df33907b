"""Reading exported files back in the tests."""

from __future__ import annotations

import csv
import io

import openpyxl


def read_csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def read_xlsx(response) -> list[dict]:
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.values)
    width = len(rows[0])  # read-only mode leaves out empty cells at the end of a row
    return [
        dict(zip(rows[0], (*row, *[None] * (width - len(row))), strict=True)) for row in rows[1:]
    ]


def download(client, user, name, fmt="csv", **params):
    client.force_login(user)
    response = client.get(f"/exports/{name}.{fmt}", params)
    assert response.status_code == 200, response.content[:200]
    return read_csv(response) if fmt == "csv" else read_xlsx(response)
