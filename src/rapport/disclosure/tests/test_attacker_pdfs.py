"""The PDF reports under attack: the attacker of ``test_attacker`` also reads the text of every
report each reader can write (the portfolio health review, each customer's pack, each project's
one-pager), extracted with pypdf or poppler's ``pdftotext`` (``reports.tests.helpers``).

Each figure found in a PDF is mapped to the set of answers it is documented to be over and
checked against it (n, and the mean to its printed decimal), exactly as the health API's rows
are; a "mean" the parser cannot map fails the test, so a new figure in a report cannot slip past
it. Then no answer may be isolated and nothing computable may rest on fewer than k people. The
control: with the disclosure layer switched off, the same PDFs give single answers away.

A fixed portfolio rather than hypothesis's random ones: writing a PDF takes about a second.
"""

from __future__ import annotations

import re

import pytest

from rapport.accounts.permissions import Capability, has_capability, visible_projects
from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.tests.attacker import Release, attack
from rapport.disclosure.tests.test_attacker import (
    _build,
    _checked,
    _raw_basis,
    _released_basis,
    _unknowns,
)
from rapport.insights.services import recompute_health
from rapport.portfolio.models import Project
from rapport.reports.services import build_report
from rapport.reports.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db(transaction=False)

LATEST = re.compile(r"Health in (\d{4}-\d{2})")
RAW_MEAN = re.compile(r"raw mean (\d+\.\d), N = (\d+)")
# A row of the one-pager's "Recent months": month, health, θ, interval, N (12 months), signals.
RECENT_ROW = re.compile(
    r"^\s*(\d{4}-\d{2})\s+[GAR]\s+(?:\d+\.\d|—)\s+(?:\d+\.\d–\d+\.\d|—)\s+(\d+)\s+\d+\s*$",
    re.MULTILINE,
)
ANY_MEAN = re.compile(r"\bmean\b[^\n]{0,12}?\d+\.\d", re.IGNORECASE)

SPEC = {
    "months": 4,
    "customers": [
        {
            "culture": "confidential",
            "projects": [
                {  # three people a month: released only when pooled
                    "answers": [[8, 6, 9], [7, None, 8], [3, 7, 8], [6, 6, None]],
                    "meeting": [7, None, 6, None],
                    "last_open": True,
                },
                {
                    "answers": [[9, 9], [8, 4], [7, 7], [8, 2]],
                    "meeting": [None, 8, None, 7],
                    "last_open": False,
                },
            ],
        },
        {
            "culture": "anonymous",
            "projects": [
                {  # six people: each closed round is a released block
                    "answers": [
                        [8, 7, 6, 9, 5, 8],
                        [7, 7, 5, 9, None, 8],
                        [6, 8, 6, 4, 5, 9],
                        [7, 6, 8, 9, 5, 3],
                    ],
                    "meeting": [None, None, None, None],
                    "last_open": False,
                }
            ],
        },
    ],
}


def pdf_releases(reader, basis, answers, name: str) -> list[Release]:
    """Every figure in the text of the PDFs ``reader`` can write, as checked releases."""
    texts: list[tuple[int | None, str]] = []
    if has_capability(reader, Capability.VIEW_PORTFOLIO):
        texts.append((None, pdf_text(build_report("portfolio", reader).pdf)))
    projects = list(visible_projects(reader).order_by("pk"))
    for customer_id in sorted({p.customer_id for p in projects}):
        texts.append((None, pdf_text(build_report("customer", reader, customer_id).pdf)))
    texts += [(p.pk, pdf_text(build_report("project", reader, p.pk).pdf)) for p in projects]
    rows: list[dict] = []
    means_read = 0
    for project_id, text in texts:
        if project_id is None:
            assert not ANY_MEAN.search(text), f"{name}: a mean the attacker cannot map: {text}"
            continue
        latest = LATEST.search(text)
        for mean, n in RAW_MEAN.findall(text):
            assert latest, f"{name}: a raw mean without its month"
            rows.append(
                {"project_id": project_id, "period": latest[1], "mean": float(mean), "n": int(n)}
            )
            means_read += 1
        rows += [
            {"project_id": project_id, "period": period, "mean": None, "n": int(n)}
            for period, n in RECENT_ROW.findall(text)
        ]
        assert len(ANY_MEAN.findall(text)) == len(RAW_MEAN.findall(text)), (
            f"{name}: project {project_id}'s one-pager shows a mean the attacker cannot map"
        )
    with_mean = [r for r in rows if r["mean"] is not None]
    counts = [r | {"mean": None} for r in rows if r["mean"] is None]
    releases = _checked(with_mean, basis, answers, f"{name} pdf", tolerance=0.051)
    for row in counts:  # "N (12 months)": the set without its mean
        ids = basis(row["project_id"], row["period"])
        where = f"{name} pdf project {row['project_id']} {row['period']} (recent months)"
        assert row["n"] == len(ids), f"{where}: N={row['n']} but its basis holds {len(ids)}"
        releases.append(Release(where, ids, row["n"], None))
    assert releases or not any(
        Project.objects.filter(health_snapshots__isnull=False, pk__in=[p.pk for p in projects])
    ), f"{name}: the PDFs hold figures the parser did not find"
    return releases


def test_no_reader_isolates_a_protected_answer_from_the_pdfs():
    readers, persons, answers = _build(SPEC)
    recompute_health(notify=False)
    basis, partition = _released_basis(answers)
    k = figure_threshold()
    # Besides the PDFs, the released blocks the review pages and the charter show.
    blocks = [Release(b.key, b.answer_ids, b.size, None) for b in partition.released()]
    read = 0
    for name, reader in readers.items():
        if name == "analyst":
            continue  # reads what the lead reads (same role rules); a PDF costs a second
        releases = pdf_releases(reader, basis, answers, name)
        read += len(releases)
        result = attack(releases + blocks, _unknowns(name, answers), persons)
        assert result.isolated == [], f"{name} isolates {result.isolated} from the PDFs"
        assert result.smallest_atom is None or result.smallest_atom >= k, name
    assert read, "the attacker read no figure in any PDF"


def test_with_the_layer_off_the_pdfs_give_answers_away(monkeypatch):
    """The control: every answer treated as open, the sponsor's one-pager reads rolling
    12-month figures of raw answers, and the attacker recovers an anonymous score."""
    spec = {
        "months": 3,
        "customers": [
            {
                "culture": "anonymous",
                "projects": [
                    {
                        "answers": [[8, None], [7, None], [6, 9]],
                        "meeting": [None, None, None],
                        "last_open": False,
                    }
                ],
            }
        ],
    }
    readers, persons, answers = _build(spec)
    monkeypatch.setattr("rapport.insights.loading.is_protected", lambda culture: False)
    recompute_health(notify=False)
    releases = pdf_releases(readers["sponsor"], _raw_basis(answers), answers, "sponsor")
    result = attack(releases, _unknowns("sponsor", answers), persons)
    assert result.isolated, "the PDFs' figures should give single answers away without the layer"
