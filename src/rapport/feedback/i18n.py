"""Words a customer reads (survey pages and emails), per language. English and French are
complete; other languages fall back to English. Plain language: short sentences, no jargon."""

from __future__ import annotations

from django.core.exceptions import ValidationError

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "survey_title": "Your monthly review of {project}",
        "survey_intro": "It takes about two minutes. Your answers help the team fix what matters "
        "to you.",
        "survey_intro_save": "You can save and come back later.",
        "survey_intro_once": "Your answers are anonymous, so we cannot keep them for later. "
        "Please answer in one go.",
        "anonymous_note": "Your answers are anonymous: nothing links them to you.",
        "confidential_guarantee": "The project office sees who said what. Your project manager "
        "and the sponsors see only totals from at least {k} people. Your project manager may "
        "read comments, without names, once at least {kc} people have answered.",
        "anonymous_guarantee": "Nobody, not even the project office, can see who said what. "
        "Answers are shown only as totals from at least {k} people. Comments are shown without "
        "names once at least {kc} people have answered.",
        "meeting_note": "In the meeting, we agree the scores together and write them down "
        "openly, as the group's view. Your project manager will see them.",
        "attributed_note": "Your project manager will see your answers and discuss them with you.",
        "not_applicable": "Skip",
        "comment_label": "Anything else you want to tell us?",
        "save": "Save and finish later",
        "submit": "Send my answers",
        "required_overall": "Please give an overall score before sending.",
        "comment_hint": "Up to {limit} characters.",
        "busy_title": "Too many requests",
        "busy_body": "We received many requests from your network in a short time, so we paused "
        "for a moment. Please wait a minute and try again. Your link still works.",
        "comment_too_long": "Your comment is too long to keep: {length} characters. Please "
        "shorten it to {limit} characters or fewer and send it again.",
        "comment_control": "Your comment has a hidden sign we cannot keep ({char}, at "
        "place {position}). Please take it out and send it again.",
        "saved": "Your answers are saved. You can come back to this page until {deadline}.",
        "thanks_title": "Thank you",
        "thanks_body": "We have your answers. Your project manager will go through them with "
        "you at this month's review. You will then get a short summary: what you told us, what "
        "we will do, and by when.",
        "expired_title": "This link has expired",
        "expired_body": "The time to answer this month's review is over. If you still want to "
        "tell us something, reply to the email or talk to your project manager.",
        "used_title": "You have already answered",
        "used_body": "We already have your answers for this month, so this link no longer "
        "works. Thank you.",
        "invalid_title": "This link does not work",
        "invalid_body": "The link may be incomplete or changed. Please use the full link from "
        "your email, or ask your project manager for a new one.",
        "closed_title": "This review is closed",
        "closed_body": "This month's review is finished. Thank you for your time.",
        "invite_subject": "Two minutes on {project} this month?",
        "invite_body": "Hello {name},\n\nHow is {project} going for you this month? Please tell "
        "us by {deadline}. It takes about two minutes.",
        "invite_body_no_deadline": "Hello {name},\n\nHow is {project} going for you this month? "
        "It takes about two minutes.",
        "meeting_subject": "Our monthly review of {project}",
        "meeting_body": "Hello {name},\n\nIt is time for our monthly review of {project}. We "
        "will look at last month's actions, hear how things are going, and agree what to fix "
        "next. A calendar invitation is attached.",
        "reminder_subject": "Reminder: your view on {project}",
        "retry_subject": "We would still like to hear from you about {project}",
        "open_link": "Answer the review",
        "opt_out": "Do not want these emails? Unsubscribe",
        "summary_subject": "What you told us about {project}, and what we are doing",
        "summary_intro": "Hello {name},\n\nThank you for this month's review of {project}.",
        "summary_heard": "What you told us",
        "summary_doing": "What we are doing",
        "summary_none": "You raised no new issues this month.",
        "by": "by",
        "confirm_fixed": "Did this fix it? Tell us",
        "action_done_subject": "Done: what we changed on {project} after your review",
        "action_done_intro": "Hello {name},\n\nWe have finished what we agreed to do on {project}.",
        "action_done_heading": "What we have done",
        "you_told_us": "You told us",
        "done_on": "done on",
        "action_done_ask": "Please tell us if it fixed your issue. If it did not, reply to this "
        "email or talk to your project manager.",
        "confirm_title": "Did this fix your issue?",
        "confirm_button": "Yes, this fixed my issue",
        "confirm_done": "Thank you. We have noted that this fixed your issue.",
        "optout_title": "Stop these emails",
        "optout_button": "Unsubscribe me",
        "optout_done": "Done. We will not email you review requests any more.",
        "scale_of": "from {low} to {high}",
        "unsaved_title": "Your answers were not saved",
        "unsaved_body": "Something went wrong on our side, so we could not save your answers. "
        "Please go back and send them again in a few minutes. Your link still works.",
        "unavailable_title": "This page is not available right now",
        "unavailable_body": "Something went wrong on our side. Please try again in a few "
        "minutes. Your link still works.",
    },
    "fr": {
        "survey_title": "Votre revue mensuelle de {project}",
        "survey_intro": "Cela prend environ deux minutes. Vos réponses aident l’équipe à "
        "corriger ce qui compte pour vous.",
        "survey_intro_save": "Vous pouvez enregistrer et revenir plus tard.",
        "survey_intro_once": "Vos réponses sont anonymes : nous ne pouvons pas les garder pour "
        "plus tard. Merci de répondre en une seule fois.",
        "anonymous_note": "Vos réponses sont anonymes : rien ne les relie à vous.",
        "confidential_guarantee": "Le bureau des projets voit qui a dit quoi. Votre chef de "
        "projet et les commanditaires ne voient que des totaux d’au moins {k} personnes. Votre "
        "chef de projet peut lire les commentaires, sans les noms, dès qu’au moins {kc} "
        "personnes ont répondu.",
        "anonymous_guarantee": "Personne, pas même le bureau des projets, ne peut voir qui a "
        "dit quoi. Les réponses ne sont montrées que sous forme de totaux d’au moins {k} "
        "personnes. Les commentaires sont montrés sans les noms dès qu’au moins {kc} personnes "
        "ont répondu.",
        "meeting_note": "Pendant la réunion, nous choisissons les notes ensemble et nous les "
        "notons ouvertement, comme l’avis du groupe. Votre chef de projet les verra.",
        "attributed_note": "Votre chef de projet verra vos réponses et en parlera avec vous.",
        "not_applicable": "Passer",
        "comment_label": "Autre chose à nous dire ?",
        "save": "Enregistrer et finir plus tard",
        "submit": "Envoyer mes réponses",
        "required_overall": "Merci de donner une note globale avant d’envoyer.",
        "comment_hint": "{limit} caractères au plus.",
        "busy_title": "Trop de demandes",
        "busy_body": "Nous avons reçu beaucoup de demandes de votre réseau en peu de temps, alors "
        "nous faisons une courte pause. Merci d’attendre une minute et de réessayer. Votre lien "
        "fonctionne toujours.",
        "comment_too_long": "Votre commentaire est trop long : {length} caractères. Merci de le "
        "raccourcir à {limit} caractères au plus, puis de l’envoyer de nouveau.",
        "comment_control": "Votre commentaire contient un caractère que nous ne pouvons pas "
        "enregistrer (un caractère de contrôle invisible, {char}, au caractère {position}). "
        "Merci de le retirer, puis d’envoyer de nouveau.",
        "saved": "Vos réponses sont enregistrées. Vous pouvez revenir sur cette page "
        "jusqu’au {deadline}.",
        "thanks_title": "Merci",
        "thanks_body": "Nous avons bien reçu vos réponses. Votre chef de projet les verra avec "
        "vous lors de la revue de ce mois. Vous recevrez ensuite un court résumé : ce que vous "
        "nous avez dit, ce que nous allons faire, et pour quand.",
        "expired_title": "Ce lien a expiré",
        "expired_body": "Le délai pour répondre à la revue de ce mois est passé. Si vous "
        "voulez encore nous dire quelque chose, répondez à l’e-mail ou parlez à votre chef de "
        "projet.",
        "used_title": "Vous avez déjà répondu",
        "used_body": "Nous avons déjà vos réponses pour ce mois : ce lien ne fonctionne plus. "
        "Merci.",
        "invalid_title": "Ce lien ne fonctionne pas",
        "invalid_body": "Le lien est peut-être incomplet ou modifié. Utilisez le lien complet "
        "de votre e-mail, ou demandez-en un nouveau à votre chef de projet.",
        "closed_title": "Cette revue est terminée",
        "closed_body": "La revue de ce mois est terminée. Merci pour votre temps.",
        "invite_subject": "Deux minutes sur {project} ce mois-ci ?",
        "invite_body": "Bonjour {name},\n\nComment se passe {project} pour vous ce mois-ci ? "
        "Dites-le-nous avant le {deadline}. Cela prend environ deux minutes.",
        "invite_body_no_deadline": "Bonjour {name},\n\nComment se passe {project} pour vous ce "
        "mois-ci ? Cela prend environ deux minutes.",
        "meeting_subject": "Notre revue mensuelle de {project}",
        "meeting_body": "Bonjour {name},\n\nC’est le moment de notre revue mensuelle de "
        "{project}. Nous ferons le point sur les actions du mois dernier, écouterons votre avis "
        "et choisirons ensemble quoi corriger ensuite. L’invitation de calendrier est jointe.",
        "reminder_subject": "Rappel : votre avis sur {project}",
        "retry_subject": "Nous aimerions encore avoir votre avis sur {project}",
        "open_link": "Répondre à la revue",
        "opt_out": "Vous ne voulez plus ces e-mails ? Se désabonner",
        "summary_subject": "Ce que vous nous avez dit sur {project}, et ce que nous faisons",
        "summary_intro": "Bonjour {name},\n\nMerci pour la revue de {project} de ce mois.",
        "summary_heard": "Ce que vous nous avez dit",
        "summary_doing": "Ce que nous faisons",
        "summary_none": "Vous n’avez signalé aucun nouveau problème ce mois-ci.",
        "by": "pour le",
        "confirm_fixed": "Cela a-t-il réglé le problème ? Dites-le-nous",
        "action_done_subject": "C’est fait : ce que nous avons changé sur {project} après "
        "votre revue",
        "action_done_intro": "Bonjour {name},\n\nNous avons terminé ce que nous avions "
        "convenu de faire sur {project}.",
        "action_done_heading": "Ce que nous avons fait",
        "you_told_us": "Vous nous aviez dit",
        "done_on": "terminé le",
        "action_done_ask": "Dites-nous si cela a réglé votre problème. Sinon, répondez à cet "
        "e-mail ou parlez à votre chef de projet.",
        "confirm_title": "Cela a-t-il réglé votre problème ?",
        "confirm_button": "Oui, mon problème est réglé",
        "confirm_done": "Merci. Nous avons noté que votre problème est réglé.",
        "optout_title": "Ne plus recevoir ces e-mails",
        "optout_button": "Me désabonner",
        "optout_done": "C’est fait. Nous ne vous enverrons plus de demandes de revue.",
        "scale_of": "de {low} à {high}",
        "unsaved_title": "Vos réponses n’ont pas été enregistrées",
        "unsaved_body": "Un problème de notre côté nous a empêchés d’enregistrer vos réponses. "
        "Revenez en arrière et envoyez-les de nouveau dans quelques minutes. Votre lien "
        "fonctionne toujours.",
        "unavailable_title": "Cette page n’est pas disponible pour le moment",
        "unavailable_body": "Un problème est survenu de notre côté. Merci de réessayer dans "
        "quelques minutes. Votre lien fonctionne toujours.",
    },
}


def strings(language: str) -> dict[str, str]:
    """The strings for ``language``, falling back to English for anything missing."""
    base = STRINGS["en"]
    return {**base, **STRINGS.get(language, {})}


def supported(language: str) -> str:
    return language if language in STRINGS else "en"


def text_error(s: dict[str, str], error: ValidationError) -> str | None:
    """A comment refused by ``rapport.text.check_text``, in the stakeholder's words, or None
    for any other error."""
    key = {"control_character": "comment_control", "too_long": "comment_too_long"}.get(
        error.code or ""
    )
    if key is None:
        return None
    return s[key].format(**(error.params or {}))


def comment_hint(s: dict[str, str]) -> str:
    from rapport.text import COMMENT_MAX

    return s["comment_hint"].format(limit=COMMENT_MAX)


def mode_note(s: dict[str, str], confidentiality: str) -> str:
    """What a review's mode guarantees, in the stakeholder's words (``s`` from ``strings``):
    who sees what, and from how many answers (the thresholds of ``rapport.disclosure.rules``)."""
    from rapport.disclosure.rules import comment_threshold, figure_threshold

    key = {"confidential": "confidential_guarantee", "anonymous": "anonymous_guarantee"}.get(
        confidentiality
    )
    if key is None:
        return s["attributed_note"]
    return s[key].format(k=figure_threshold(), kc=comment_threshold())
