"""Words of the customer review pack, per language (the way ``feedback/i18n.py`` did it).

English and French are complete; other languages fall back to English, word by word. The
English texts are registered with the plain-language check (``roadmap/tests/test_language.py``).
Placeholders: {customer}, {period}, {date}, {n}, {k}, {done}, {total}.
"""

from __future__ import annotations

from rapport.plainlanguage.check import register_customer_text

PACK: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your review pack: {customer}",
        "subtitle": "From your project office, for {period}. Written on {date}.",
        "intro": "This pack sums up what you told us, what we did about it, and what comes "
        "next. Tell us if anything is missing or wrong.",
        "told_heading": "What you told us",
        "told_none": "You raised no new points in these three months.",
        "told_hidden": "{n} points raised in confidence. We keep their words private.",
        "answers": "{n} answers to our monthly reviews in these three months.",
        "did_heading": "What we did, and by when",
        "did_none": "No actions in these three months.",
        "done_on": "Done on {date}",
        "due_on": "Due by {date}",
        "late": "Late: it was due by {date}",
        "action_hidden": "{n} actions on points raised in confidence.",
        "roadmap_heading": "Your roadmap",
        "roadmap_quick_wins": "Quick fixes done: {done} of {total}.",
        "roadmap_none": "We have no roadmap with you yet.",
        "adoption": "{n}% of your team use it",
        "charter_heading": "How we keep our promises",
        "charter_intro": "These are the promises we agreed with you, each with a way to check it.",
        "charter_none": "We have not agreed a charter with you yet.",
        "charter_now": "Now",
        "charter_target": "Goal",
        "charter_withheld": "Some answers given in confidence are not counted yet. They count "
        "once enough people have answered, so nobody can be picked out.",
        "no_data": "not known yet",
        "on_target": "On track",
        "close": "Nearly there",
        "off_target": "Behind",
        "next_heading": "What comes next",
        "next_review": "Next review of {project}: {period}",
        "next_review_due": "Next review of {project}: {period}, please answer by {date}",
        "next_charter": "We review our charter together on {date}.",
        "next_none": "Nothing is planned yet. We will be in touch.",
        "project": "Project",
        "quick_fix": "quick fix",
        "charter_principle": "Promise",
        "status_proposed": "An idea we still talk over with you.",
        "status_planned": "Planned.",
        "status_building": "We are building it now.",
        "status_adopting": "Ready. Your team is getting used to it.",
        "status_done": "Done.",
        "footer": "For {customer} and your project office. Please do not share it further.",
        "page": "Page",
        "of": "of",
    },
    "fr": {
        "title": "Votre bilan : {customer}",
        "subtitle": "De votre bureau des projets, pour {period}. Rédigé le {date}.",
        "intro": "Ce bilan reprend ce que vous nous avez dit, ce que nous avons fait, et la "
        "suite. Dites-nous si quelque chose manque ou est faux.",
        "told_heading": "Ce que vous nous avez dit",
        "told_none": "Vous n’avez signalé aucun nouveau point ces trois mois.",
        "told_hidden": "{n} points signalés en confiance. Nous gardons leurs mots privés.",
        "answers": "{n} réponses à nos revues mensuelles ces trois mois.",
        "did_heading": "Ce que nous avons fait, et pour quand",
        "did_none": "Aucune action ces trois mois.",
        "done_on": "Fait le {date}",
        "due_on": "Prévu pour le {date}",
        "late": "En retard : prévu pour le {date}",
        "action_hidden": "{n} actions sur des points signalés en confiance.",
        "roadmap_heading": "Votre feuille de route",
        "roadmap_quick_wins": "Corrections rapides faites : {done} sur {total}.",
        "roadmap_none": "Nous n’avons pas encore de feuille de route avec vous.",
        "adoption": "{n} % de votre équipe l’utilisent",
        "charter_heading": "Comment nous tenons nos engagements",
        "charter_intro": "Voici les engagements pris avec vous, chacun avec sa façon de le "
        "vérifier.",
        "charter_none": "Nous n’avons pas encore de charte avec vous.",
        "charter_now": "Aujourd’hui",
        "charter_target": "Objectif",
        "charter_withheld": "Certaines réponses données en confiance ne sont pas encore "
        "comptées. Elles le seront quand assez de personnes auront répondu, pour que personne "
        "ne soit reconnu.",
        "no_data": "pas encore connu",
        "on_target": "Atteint",
        "close": "Presque",
        "off_target": "En retard",
        "next_heading": "La suite",
        "next_review": "Prochaine revue de {project} : {period}",
        "next_review_due": "Prochaine revue de {project} : {period}, merci de répondre avant "
        "le {date}",
        "next_charter": "Nous revoyons notre charte ensemble le {date}.",
        "next_none": "Rien n’est encore prévu. Nous reviendrons vers vous.",
        "project": "Projet",
        "quick_fix": "correction rapide",
        "charter_principle": "Engagement",
        "status_proposed": "Une idée dont nous parlons encore avec vous.",
        "status_planned": "Prévu.",
        "status_building": "Nous le construisons.",
        "status_adopting": "Prêt. Votre équipe s’y habitue.",
        "status_done": "Fait.",
        "footer": "Pour {customer} et votre bureau des projets. Merci de ne pas le diffuser.",
        "page": "Page",
        "of": "sur",
    },
}

# The charter's measures and its default principles, as the customer reads them. Principles
# renamed by the PMO are shown as written.
MEASURE_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "delivery_green": "Projets au vert",
        "open_concerns_30": "Préoccupations ouvertes depuis plus de 30 jours",
        "actions_on_time": "Actions faites à temps",
        "response_rate": "Taux de réponse",
        "principle_score": "Note de l’enquête sur ce principe",
        "pulse_priorities": "Enquête trimestrielle : priorités servies",
        "pulse_effort": "Enquête trimestrielle : facilité à travailler avec nous",
    },
}
DEFAULT_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "Strategic alignment": "Alignement stratégique",
        "We work on what matters most to you.": "Nous travaillons sur ce qui compte le plus "
        "pour vous.",
        "Transparency": "Transparence",
        "You hear about problems early, from us.": "Vous apprenez les problèmes tôt, par nous.",
        "Predictability": "Prévisibilité",
        "Projects land when we said they would.": "Les projets arrivent quand nous l’avions dit.",
        "Reliability": "Fiabilité",
        "We do what we agreed, on time.": "Nous faisons ce qui est convenu, à temps.",
        "Return on investment": "Retour sur investissement",
        "You get what you paid for.": "Vous obtenez ce que vous avez payé.",
    },
}
MONTHS: dict[str, list[str]] = {
    "en": [
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ],
    "fr": [
        *("janvier", "février", "mars", "avril", "mai", "juin"),
        *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    ],
}


def pack_words(language: str) -> dict[str, str]:
    """The pack's words in ``language``, falling back to English for anything missing."""
    return {**PACK["en"], **PACK.get(language, {})}


def supported(language: str) -> str:
    """The language the pack is written in: the customer's if we have its words, else English."""
    return language if language in PACK else "en"


def translated(text: str, language: str) -> str:
    """A default charter text in ``language``; anything the PMO wrote stays as written."""
    return DEFAULT_WORDS.get(language, {}).get(text, text)


def measure_label(key: str, fallback: str, language: str) -> str:
    return MEASURE_LABELS.get(language, {}).get(key, fallback)


def month_name(period: str, language: str) -> str:
    """``2026-05`` → "May 2026" / "mai 2026"."""
    year, month = period.split("-")
    names = MONTHS.get(language, MONTHS["en"])
    return f"{names[int(month) - 1]} {year}"


_SAMPLE = {
    "customer": "Retail Banking",
    "period": "May 2026",
    "date": "21 May 2026",
    "project": "Branch booking",
    "n": "3",
    "k": "5",
    "done": "2",
    "total": "3",
}
for _key, _text in PACK["en"].items():
    if _key not in ("page", "of", "project", "quick_fix", "charter_principle"):
        register_customer_text(f"reports.pack.{_key}", _text.format(**_SAMPLE))
