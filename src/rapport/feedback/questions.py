"""The default project-review question set (version 1), in English and French.

Used by the data migration that seeds it; kept here so tests and the demo read the same words.
Never edit a published version: add version 2 and a new migration.
"""

from __future__ import annotations

from typing import Any

OVERALL_ANCHORS = {
    "en": {"1": "Consistently poor", "4": "Below expectations", "7": "Good", "10": "Excellent"},
    "fr": {
        "1": "Constamment médiocre",
        "4": "En dessous des attentes",
        "7": "Bon",
        "10": "Excellent",
    },
}
SCALE_ENDS = {
    "en": {"low": "Strongly disagree", "high": "Strongly agree"},
    "fr": {"low": "Pas du tout d’accord", "high": "Tout à fait d’accord"},
}

DEFAULT_SET_TITLE = {"en": "Monthly project review", "fr": "Revue mensuelle du projet"}

# code, kind, min, max, required, principle, {language: text}
DEFAULT_QUESTIONS: list[dict] = [
    {
        "code": "overall",
        "kind": "scale",
        "min": 1,
        "max": 10,
        "required": True,
        "principle": "",
        "texts": {
            "en": {
                "text": "Overall, how satisfied are you with this project this month?",
                "low": "Consistently poor",
                "high": "Excellent",
                "anchors": OVERALL_ANCHORS["en"],
            },
            "fr": {
                "text": "Dans l’ensemble, êtes-vous satisfait de ce projet ce mois-ci ?",
                "low": "Constamment médiocre",
                "high": "Excellent",
                "anchors": OVERALL_ANCHORS["fr"],
            },
        },
    },
    {
        "code": "strategic_alignment",
        "principle": "strategic_alignment",
        "texts": {
            "en": {"text": "The project works on what matters most to your business."},
            "fr": {"text": "Le projet travaille sur ce qui compte le plus pour votre activité."},
        },
    },
    {
        "code": "transparency",
        "principle": "transparency",
        "texts": {
            "en": {"text": "We tell you openly how the project is going, good news and bad."},
            "fr": {
                "text": "Nous vous disons ouvertement où en est le projet, bonnes et "
                "mauvaises nouvelles."
            },
        },
    },
    {
        "code": "predictability",
        "principle": "predictability",
        "texts": {
            "en": {"text": "You know what will be delivered and when."},
            "fr": {"text": "Vous savez ce qui sera livré, et quand."},
        },
    },
    {
        "code": "reliability",
        "principle": "reliability",
        "texts": {
            "en": {"text": "We do what we said we would do."},
            "fr": {"text": "Nous faisons ce que nous avons dit que nous ferions."},
        },
    },
    {
        "code": "value",
        "principle": "value",
        "texts": {
            "en": {"text": "The project is worth what it costs you."},
            "fr": {"text": "Le projet vaut ce qu’il vous coûte."},
        },
    },
    {
        "code": "recommend",
        "min": 0,
        "max": 10,
        "texts": {
            "en": {
                "text": "How likely are you to recommend working with us to a colleague?",
                "low": "Not at all likely",
                "high": "Extremely likely",
            },
            "fr": {
                "text": "Quelle est la probabilité que vous recommandiez de travailler avec "
                "nous à un collègue ?",
                "low": "Pas du tout probable",
                "high": "Extrêmement probable",
            },
        },
    },
    {
        "code": "effort",
        "min": 1,
        "max": 7,
        "texts": {
            "en": {
                "text": "How easy was it to get what you needed from us this month?",
                "low": "Very difficult",
                "high": "Very easy",
            },
            "fr": {
                "text": "Était-il facile d’obtenir de nous ce dont vous aviez besoin ce mois-ci ?",
                "low": "Très difficile",
                "high": "Très facile",
            },
        },
    },
    {
        "code": "make_it_ten",
        "kind": "text",
        "texts": {
            "en": {"text": "What would make this a 10?"},
            "fr": {"text": "Qu’est-ce qui en ferait un 10 ?"},
        },
    },
]


def question_rows() -> list[dict]:
    """The default questions with every field filled in (principle questions use 1–10)."""
    rows = []
    for order, q in enumerate(DEFAULT_QUESTIONS, start=1):
        texts = {}
        for lang, t in q["texts"].items():
            entry = dict(t)
            if q.get("principle"):
                entry.setdefault("low", SCALE_ENDS[lang]["low"])
                entry.setdefault("high", SCALE_ENDS[lang]["high"])
            texts[lang] = entry
        rows.append(
            {
                "code": q["code"],
                "kind": q.get("kind", "scale"),
                "scale_min": q.get("min", 1),
                "scale_max": q.get("max", 10),
                "required": q.get("required", False),
                "principle": q.get("principle", ""),
                "order": order,
                "texts": texts,
            }
        )
    return rows


def seed_default_set(question_set_model: Any, question_model: Any) -> Any:
    """Create version 1 of the default set if missing (the data migration, and a safety net
    for databases flushed by transactional tests). Takes the models, so migrations can pass
    their historical ones."""
    qs, created = question_set_model.objects.get_or_create(
        key="project-review",
        version=1,
        defaults={"title": DEFAULT_SET_TITLE["en"], "is_default": True},
    )
    if created:
        question_model.objects.bulk_create(
            question_model(question_set=qs, **row) for row in question_rows()
        )
    return qs
