"""Demo data for the service catalog, the readiness assessments, the pledge and customer words.

Deterministic: its own random stream (seed × 1000 + 6), independent of the other demo parts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from rapport.accounts.models import Role
from rapport.catalog.models import ServiceStatus
from rapport.plainlanguage.models import GlossaryTerm
from rapport.readiness import services as readiness_services
from rapport.readiness.barriers import BARRIERS
from rapport.readiness.texts import DEFAULT_PLEDGE
from rapport.roadmap import services as roadmap_services
from rapport.roadmap.texts import SERVICE_EXAMPLES

K = 6

# How far each demo service has come (the rest stay ideas).
_STATUS_PATH = {
    0: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    1: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    2: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    3: [ServiceStatus.PILOTING],
    4: [ServiceStatus.PILOTING, ServiceStatus.AVAILABLE],
    5: [ServiceStatus.PILOTING],
    6: [ServiceStatus.RETIRED],
}

# The outcomes of the services the pulse offers, in the languages the demo's people read: the
# pulse opens only once each has them (docs/i18n.md, "Texts the PMO writes").
_TRANSLATIONS: dict[int, dict[str, str]] = {
    0: {
        "fr": "Chaque mois, vous avez 15 minutes pour nous dire comment va votre projet. "
        "Nous corrigeons ce qui vous gêne et vous montrons ce qui a changé.",
        "de": "Jeden Monat haben Sie 15 Minuten, um uns zu sagen, wie es Ihrem Projekt geht. "
        "Wir beheben, was Sie stört, und zeigen Ihnen, was sich geändert hat.",
        "es": "Cada mes tiene 15 minutos para contarnos cómo va su proyecto. "
        "Arreglamos lo que le molesta y le mostramos lo que cambiamos.",
        "nl": "Elke maand hebt u 15 minuten om ons te vertellen hoe uw project gaat. "
        "We lossen op wat u dwarszit en laten zien wat we veranderden.",
    },
    1: {
        "fr": "Votre nouveau projet démarre en deux semaines, pas en deux mois. "
        "Vous savez qui fait quoi dès le premier jour.",
        "de": "Ihr neues Projekt startet in zwei Wochen, nicht in zwei Monaten. "
        "Sie wissen vom ersten Tag an, wer was macht.",
        "es": "Su nuevo proyecto empieza en dos semanas, no en dos meses. "
        "Sabe quién hace qué desde el primer día.",
        "nl": "Uw nieuwe project start in twee weken, niet in twee maanden. "
        "U weet vanaf dag één wie wat doet.",
    },
    2: {
        "fr": "Vous voyez l’état de vos projets sur une page. "
        "Pas de codes ni de couleurs à décoder, juste ce qui a changé et la suite.",
        "de": "Sie sehen auf einer Seite, wie es Ihren Projekten geht. "
        "Keine Codes, keine Farben zum Entschlüsseln, nur was sich geändert hat und was kommt.",
        "es": "Ve cómo van sus proyectos en una página. "
        "Sin códigos ni colores que descifrar, solo lo que cambió y lo que viene.",
        "nl": "U ziet op één pagina hoe uw projecten ervoor staan. "
        "Geen codes of kleuren om te ontcijferen, alleen wat veranderde en wat er komt.",
    },
    3: {
        "fr": "Nous vous parlons des problèmes tant qu’il est encore temps d’agir. "
        "Vous l’apprenez d’abord par nous, avec un plan.",
        "de": "Wir sagen Ihnen von Problemen, solange noch Zeit zum Handeln ist. "
        "Sie hören es zuerst von uns, mit einem Plan.",
        "es": "Le contamos los problemas cuando aún hay tiempo para actuar. "
        "Lo sabe primero por nosotros, con un plan.",
        "nl": "We vertellen u over problemen zolang er nog tijd is om iets te doen. "
        "U hoort het eerst van ons, met een plan.",
    },
    4: {
        "fr": "Le jour du lancement et les deux semaines suivantes, vous avez un seul numéro à "
        "appeler. Quelqu’un qui connaît votre projet répond.",
        "de": "Am Starttag und zwei Wochen danach haben Sie eine Nummer zum Anrufen. "
        "Es meldet sich jemand, der Ihr Projekt kennt.",
        "es": "El día del lanzamiento y las dos semanas siguientes tiene un solo número al que "
        "llamar. Contesta alguien que conoce su proyecto.",
        "nl": "Op de startdag en de twee weken erna hebt u één nummer om te bellen. "
        "Iemand die uw project kent, neemt op.",
    },
    5: {
        "fr": "Six mois après la fin d’un projet, nous vérifions avec vous que vous avez obtenu "
        "ce que vous avez payé. Sinon, nous convenons de la suite.",
        "de": "Sechs Monate nach Projektende prüfen wir mit Ihnen, ob Sie bekommen haben, wofür "
        "Sie bezahlt haben. Wenn nicht, vereinbaren wir die nächsten Schritte.",
        "es": "Seis meses después de acabar un proyecto, comprobamos con usted que recibió lo que "
        "pagó. Si no, acordamos qué hacer.",
        "nl": "Zes maanden na het einde van een project kijken we met u of u kreeg waarvoor u "
        "betaalde. Zo niet, dan spreken we af wat er nu gebeurt.",
    },
}

# Before: time, harmony and ranking are strong barriers. After: ranking has gone; time and
# harmony have eased but are still active, so the remedies show.
_BEFORE = {"organization": 3, "time": 5, "poor_scores": 4, "transparency": 3, "harmony": 5}
_BEFORE["ranking"] = 5
_AFTER = {"organization": 2, "time": 4, "poor_scores": 4, "transparency": 2, "harmony": 4}
_AFTER["ranking"] = 2

# (customer-vocabulary word, glossary term it stands for)
_TERM_HINTS = [
    ("branch capacity", "bandwidth"),
    ("forecast accuracy", "KPI"),
    ("supplier scorecard", "KPI"),
    ("shift handover", "cutover"),
    ("release", "go-live"),
    ("idea to trial", "phase gate"),
    ("maintenance backlog", "backlog"),
]


def _ratings(rng: random.Random, centre: dict[str, int]) -> dict[str, int]:
    ratings = {}
    for barrier in BARRIERS:
        for key in barrier.statement_keys():
            value = centre[barrier.key] + rng.choice([-1, 0, 0, 0, 1])
            ratings[key] = min(5, max(1, value))
    return ratings


def build_roadmap(result: Any, options: Any, progress: Any = None) -> None:
    say = progress or (lambda _msg: None)
    rng = random.Random(options.seed * 1000 + K)
    lead = result.users[Role.PMO_LEAD][0]
    owners = result.users[Role.PMO_LEAD] + result.users[Role.PMO_ANALYST]

    services = []
    for i, (name, outcome, description) in enumerate(SERVICE_EXAMPLES):
        k = min(len(result.customers), rng.randint(1, 4))
        service = roadmap_services.create_service(
            by=lead,
            name=name,
            outcome=outcome,
            description=description,
            owner=rng.choice(owners),
            customers=rng.sample(result.customers, k=k),
        )
        if i in _TRANSLATIONS:
            service.outcome_translations = _TRANSLATIONS[i]
            service.save(update_fields=["outcome_translations"])
        for status in _STATUS_PATH.get(i, []):
            roadmap_services.change_service_status(service, status, by=lead)
        services.append(service)

    terms = {t.term.lower(): t for t in GlossaryTerm.objects.filter(language="en")}
    overrides = 0
    for customer in result.customers:
        for word, term in _TERM_HINTS:
            if word in customer.vocabulary and term.lower() in terms:
                roadmap_services.set_customer_term(customer, terms[term.lower()], word, by=lead)
                overrides += 1

    before_day = options.today - dt.timedelta(days=180)
    readiness_services.record_assessment(
        _ratings(rng, _BEFORE),
        by=lead,
        taken_on=before_day,
        note="First look, with the PMO team, before the monthly reviews started.",
    )
    readiness_services.sign_pledge(DEFAULT_PLEDGE, by=lead)
    readiness_services.record_assessment(
        _ratings(rng, _AFTER),
        by=lead,
        taken_on=options.today - dt.timedelta(days=14),
        note="Six months on: pledge signed, short calls offered, two customers confidential.",
    )
    say(
        f"Created {len(services)} services, {overrides} customer words, "
        "two readiness assessments and a signed pledge."
    )
