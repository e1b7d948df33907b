"""The default project-review question set (version 1), in every respondent language.

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

# The default questions in the other respondent languages: per language its set title, the
# verbal anchors of the overall score, the agree/disagree ends of the principle questions, and
# each question as (text,) or (text, low end, high end). Written and reviewed by us; the effort
# ends read exactly as the pulse's (feedback/tests/test_effort_direction.py).
MORE_LANGUAGES: dict[str, dict] = {
    "de": {
        "title": "Monatlicher Projektrückblick",
        "anchors": {
            "1": "Durchweg schlecht",
            "4": "Unter den Erwartungen",
            "7": "Gut",
            "10": "Ausgezeichnet",
        },
        "scale": ("Stimme gar nicht zu", "Stimme voll zu"),
        "overall": (
            "Wie zufrieden sind Sie insgesamt mit diesem Projekt in diesem Monat?",
            "Durchweg schlecht",
            "Ausgezeichnet",
        ),
        "strategic_alignment": (
            "Das Projekt arbeitet an dem, was für Ihr Geschäft am wichtigsten ist.",
        ),
        "transparency": (
            "Wir sagen Ihnen offen, wie das Projekt läuft, gute und schlechte Nachrichten.",
        ),
        "predictability": ("Sie wissen, was geliefert wird und wann.",),
        "reliability": ("Wir tun, was wir gesagt haben.",),
        "value": ("Das Projekt ist das wert, was es Sie kostet.",),
        "recommend": (
            "Wie wahrscheinlich ist es, dass Sie einer Kollegin oder einem Kollegen die "
            "Zusammenarbeit mit uns empfehlen?",
            "Gar nicht wahrscheinlich",
            "Äußerst wahrscheinlich",
        ),
        "effort": (
            "Wie einfach war es in diesem Monat, von uns zu bekommen, was Sie brauchten?",
            "Sehr schwer",
            "Sehr einfach",
        ),
        "make_it_ten": ("Was würde daraus eine 10 machen?",),
    },
    "es": {
        "title": "Revisión mensual del proyecto",
        "anchors": {
            "1": "Siempre malo",
            "4": "Por debajo de lo esperado",
            "7": "Bueno",
            "10": "Excelente",
        },
        "scale": ("Totalmente en desacuerdo", "Totalmente de acuerdo"),
        "overall": (
            "En general, ¿qué tan satisfecho está con este proyecto este mes?",
            "Siempre malo",
            "Excelente",
        ),
        "strategic_alignment": ("El proyecto trabaja en lo que más importa a su negocio.",),
        "transparency": ("Le contamos abiertamente cómo va el proyecto, lo bueno y lo malo.",),
        "predictability": ("Usted sabe qué se va a entregar y cuándo.",),
        "reliability": ("Hacemos lo que dijimos que haríamos.",),
        "value": ("El proyecto vale lo que le cuesta.",),
        "recommend": (
            "¿Qué probabilidad hay de que recomiende trabajar con nosotros a un colega?",
            "Nada probable",
            "Muy probable",
        ),
        "effort": (
            "¿Qué tan fácil fue conseguir de nosotros lo que necesitaba este mes?",
            "Muy difícil",
            "Muy fácil",
        ),
        "make_it_ten": ("¿Qué haría falta para que fuera un 10?",),
    },
    "nl": {
        "title": "Maandelijkse projectterugblik",
        "anchors": {
            "1": "Steeds slecht",
            "4": "Onder verwachting",
            "7": "Goed",
            "10": "Uitstekend",
        },
        "scale": ("Helemaal mee oneens", "Helemaal mee eens"),
        "overall": (
            "Hoe tevreden bent u deze maand over het geheel genomen met dit project?",
            "Steeds slecht",
            "Uitstekend",
        ),
        "strategic_alignment": (
            "Het project werkt aan wat voor uw organisatie het belangrijkst is.",
        ),
        "transparency": (
            "We vertellen u open hoe het project gaat, goed nieuws en slecht nieuws.",
        ),
        "predictability": ("U weet wat er wordt opgeleverd en wanneer.",),
        "reliability": ("We doen wat we hebben gezegd.",),
        "value": ("Het project is waard wat het u kost.",),
        "recommend": (
            "Hoe waarschijnlijk is het dat u een collega aanraadt met ons te werken?",
            "Helemaal niet waarschijnlijk",
            "Zeer waarschijnlijk",
        ),
        "effort": (
            "Hoe makkelijk was het deze maand om van ons te krijgen wat u nodig had?",
            "Heel moeilijk",
            "Heel makkelijk",
        ),
        "make_it_ten": ("Wat zou er een 10 van maken?",),
    },
    "it": {
        "title": "Revisione mensile del progetto",
        "anchors": {"1": "Sempre scarso", "4": "Sotto le attese", "7": "Buono", "10": "Eccellente"},
        "scale": ("Per niente d’accordo", "Del tutto d’accordo"),
        "overall": (
            "Nel complesso, quanto è soddisfatto di questo progetto questo mese?",
            "Sempre scarso",
            "Eccellente",
        ),
        "strategic_alignment": ("Il progetto lavora su ciò che conta di più per la sua attività.",),
        "transparency": ("Le diciamo apertamente come va il progetto, notizie buone e cattive.",),
        "predictability": ("Lei sa cosa verrà consegnato e quando.",),
        "reliability": ("Facciamo quello che abbiamo detto.",),
        "value": ("Il progetto vale quello che le costa.",),
        "recommend": (
            "Quanto è probabile che consigli a un collega di lavorare con noi?",
            "Per niente probabile",
            "Estremamente probabile",
        ),
        "effort": (
            "Quanto è stato facile ottenere da noi ciò che le serviva questo mese?",
            "Molto difficile",
            "Molto facile",
        ),
        "make_it_ten": ("Cosa lo renderebbe un 10?",),
    },
    "pt": {
        "title": "Revisão mensal do projeto",
        "anchors": {"1": "Sempre fraco", "4": "Abaixo do esperado", "7": "Bom", "10": "Excelente"},
        "scale": ("Discordo totalmente", "Concordo totalmente"),
        "overall": (
            "No geral, qual é a sua satisfação com este projeto este mês?",
            "Sempre fraco",
            "Excelente",
        ),
        "strategic_alignment": ("O projeto trabalha no que mais importa para o seu negócio.",),
        "transparency": (
            "Dizemos-lhe abertamente como está a correr o projeto, as boas e as más notícias.",
        ),
        "predictability": ("Sabe o que vai ser entregue e quando.",),
        "reliability": ("Fazemos o que dissemos que íamos fazer.",),
        "value": ("O projeto vale o que lhe custa.",),
        "recommend": (
            "Com que probabilidade recomendaria a um colega trabalhar connosco?",
            "Nada provável",
            "Extremamente provável",
        ),
        "effort": (
            "Foi fácil obter de nós o que precisava este mês?",
            "Muito difícil",
            "Muito fácil",
        ),
        "make_it_ten": ("O que faria disto um 10?",),
    },
}

DEFAULT_SET_TITLE.update({language: words["title"] for language, words in MORE_LANGUAGES.items()})


def _texts(code: str, english: dict) -> dict[str, dict]:
    """A question's texts in the languages of ``MORE_LANGUAGES``, shaped like the English."""
    found: dict[str, dict] = {}
    for language, words in MORE_LANGUAGES.items():
        text, *ends = words[code]
        entry: dict = {"text": text}
        if ends:
            entry["low"], entry["high"] = ends
        if "anchors" in english:
            entry["anchors"] = words["anchors"]
        found[language] = entry
    return found


def texts_in_every_language(q: dict) -> dict[str, dict]:
    """A default question's texts in every respondent language (English and French as written
    above, the others from ``MORE_LANGUAGES``)."""
    return {**q["texts"], **_texts(q["code"], q["texts"]["en"])}


def question_rows() -> list[dict]:
    """The default questions with every field filled in (principle questions use 1–10)."""
    rows = []
    for order, q in enumerate(DEFAULT_QUESTIONS, start=1):
        texts = {}
        for lang, t in texts_in_every_language(q).items():
            entry = dict(t)
            if q.get("principle"):
                low, high = (
                    MORE_LANGUAGES[lang]["scale"]
                    if lang in MORE_LANGUAGES
                    else (SCALE_ENDS[lang]["low"], SCALE_ENDS[lang]["high"])
                )
                entry.setdefault("low", low)
                entry.setdefault("high", high)
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


def add_missing_languages(question_set_model: Any, question_model: Any) -> int:
    """Give version 1 of the default set the languages it lacks (the texts already there stay as
    they are: a published version's words never change). Returns how many questions changed."""
    rows = {row["code"]: row["texts"] for row in question_rows()}
    changed = 0
    for question in question_model.objects.filter(
        question_set__key="project-review", question_set__version=1
    ):
        missing = {
            lang: text
            for lang, text in rows.get(question.code, {}).items()
            if lang not in question.texts
        }
        if missing:
            question.texts = {**question.texts, **missing}
            question.save(update_fields=["texts"])
            changed += 1
    return changed


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
