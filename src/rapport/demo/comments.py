"""What the demo's stakeholders write in "what would make this a 10?": in the answer's language
(English, French or German), on one of seven topics a PMO hears about, in the tone of the
answer's overall score — a complaint at 5 or less, a mixed remark at 6–7, praise from 8. So the
health review's comment themes, their sentiment and the quotes read as a real portfolio's do,
and a project that is sliding says so in words as well as in scores.

The topic comes from the demo's one random stream, as the comment did before (same draws, so
every score, review and alert of the demo is unchanged); the tone from the score; the wording
from the answer's language, with one of two variants chosen by the month.
"""

from __future__ import annotations

TOPICS = 7  # draws 0–6 name a topic; 7 and 8 leave the comment empty, as before
DRAWS = 9

# topic → tone → language → variants
WORDS: tuple[dict[str, dict[str, tuple[str, ...]]], ...] = (
    {  # schedule
        "low": {
            "en": (
                "The dates slipped again and we heard about it too late.",
                "Another milestone missed. We plan our people around your dates.",
            ),
            "fr": (
                "Encore du retard, et nous l’avons appris trop tard.",
                "Le jalon est reporté une fois de plus : c’est frustrant.",
            ),
            "de": (
                "Wieder Verzug beim Zeitplan, und wir haben es zu spät erfahren.",
                "Der Termin ist schon wieder verschoben. Das ist ärgerlich.",
            ),
        },
        "mid": {
            "en": (
                "Tell us earlier when dates move.",
                "Mostly on schedule; warn us sooner when a milestone is at risk.",
            ),
            "fr": (
                "Prévenez-nous plus tôt quand les dates bougent.",
                "Le planning tient à peu près ; dites-nous plus tôt si un jalon glisse.",
            ),
            "de": (
                "Sagen Sie uns früher Bescheid, wenn sich Termine verschieben.",
                "Der Zeitplan hält meistens; warnen Sie uns früher vor Verzug.",
            ),
        },
        "high": {
            "en": (
                "Every milestone on time this month. Thank you.",
                "Delivered on the date you promised, which helps us plan.",
            ),
            "fr": (
                "Tous les jalons dans les temps ce mois-ci, merci.",
                "Livré à la date promise : très bien pour notre planning.",
            ),
            "de": (
                "Alle Meilensteine pünktlich, danke.",
                "Termin gehalten, sehr gut für unsere Planung.",
            ),
        },
    },
    {  # communication
        "low": {
            "en": (
                "We were left in the dark about the cutover, which was frustrating.",
                "Communication broke down this month; we had to chase every update.",
            ),
            "fr": (
                "Personne ne nous a informés de la bascule : communication très décevante.",
                "Aucune mise à jour ce mois-ci : une communication décevante.",
            ),
            "de": (
                "Niemand hat uns über die Umstellung informiert. Enttäuschend.",
                "Die Kommunikation war schlecht, wir mussten jedem Update nachlaufen.",
            ),
        },
        "mid": {
            "en": (
                "Fewer reports, more conversations.",
                "Updates are fine but come in too many channels.",
            ),
            "fr": (
                "Moins de documents, plus de discussions.",
                "Les mises à jour arrivent, mais par trop de canaux.",
            ),
            "de": (
                "Weniger Papier, mehr Gespräche.",
                "Die Updates kommen, aber über zu viele Kanäle.",
            ),
        },
        "high": {
            "en": (
                "Keep the Friday updates coming, they help.",
                "Great communication: we always know where things stand.",
            ),
            "fr": (
                "Continuez les mises à jour du vendredi, elles nous aident.",
                "Très bonne communication, nous sommes toujours au courant.",
            ),
            "de": (
                "Weiter so mit den Updates am Freitag, sie helfen.",
                "Sehr gute Kommunikation, wir sind immer auf dem Laufenden.",
            ),
        },
    },
    {  # reporting
        "low": {
            "en": (
                "The status report says green while our people see problems every day.",
                "The weekly report is too long and hides the real risks.",
            ),
            "fr": (
                "Le rapport dit vert alors que nous voyons des problèmes chaque jour.",
                "Le compte rendu est trop long et cache les vrais problèmes.",
            ),
            "de": (
                "Der Bericht zeigt grün, aber wir sehen jeden Tag Probleme.",
                "Der Wochenbericht ist zu lang und versteckt die echten Probleme.",
            ),
        },
        "mid": {
            "en": (
                "A one-page report with the three risks that matter would make this a 10.",
                "The dashboard is useful but the figures arrive a week late.",
            ),
            "fr": (
                "Un rapport d’une page avec les trois risques importants, ce serait parfait.",
                "Le tableau de bord est utile, mais les chiffres arrivent tard.",
            ),
            "de": (
                "Ein Bericht auf einer Seite mit den drei wichtigen Risiken wäre perfekt.",
                "Das Dashboard ist hilfreich, aber die Zahlen kommen spät.",
            ),
        },
        "high": {
            "en": (
                "Clear, honest reporting. We trust the numbers.",
                "The one-page report is excellent, thank you.",
            ),
            "fr": (
                "Un reporting clair et transparent, merci.",
                "Le rapport d’une page est excellent.",
            ),
            "de": (
                "Klare, transparente Berichte, danke.",
                "Der einseitige Bericht ist hervorragend.",
            ),
        },
    },
    {  # involvement
        "low": {
            "en": (
                "Nobody asked the branches before testing started. Frustrating for our staff.",
                "We were not consulted on the change and it hurt our busiest week.",
            ),
            "fr": (
                "On ne nous a pas consultés avant le changement : très mécontents.",
                "Les agences n’ont pas été impliquées, c’est un problème.",
            ),
            "de": (
                "Wir wurden vor der Änderung nicht einbezogen. Unzufrieden.",
                "Die Filialen wurden nicht beteiligt, das ist ein Problem.",
            ),
        },
        "mid": {
            "en": (
                "Ask the branches before you schedule tests.",
                "Involve our team leads earlier, they know the pitfalls.",
            ),
            "fr": (
                "Demandez aux agences avant de planifier les tests.",
                "Impliquez nos responsables plus tôt, ils connaissent les pièges.",
            ),
            "de": (
                "Fragen Sie die Filialen, bevor Sie Tests ansetzen.",
                "Unsere Teamleiter sollten früher eingebunden werden.",
            ),
        },
        "high": {
            "en": (
                "We feel heard: our input shaped the last release. Thank you.",
                "Good to be involved in every decision, thank you.",
            ),
            "fr": (
                "Nous nous sentons écoutés, merci pour la collaboration.",
                "Très bien d’être impliqués dans chaque décision.",
            ),
            "de": (
                "Wir fühlen uns gut eingebunden, danke für die Zusammenarbeit.",
                "Sehr gut, bei jeder Entscheidung beteiligt zu sein.",
            ),
        },
    },
    {  # planning
        "low": {
            "en": (
                "There is no plan beyond next month, and priorities change every week.",
                "We are worried: nobody can tell us the next steps.",
            ),
            "fr": (
                "Aucune feuille de route au-delà du mois prochain : inquiétant.",
                "Les priorités changent chaque semaine, c’est très difficile pour nous.",
            ),
            "de": (
                "Es gibt keinen Plan über den nächsten Monat hinaus. Das ist schlecht.",
                "Die Prioritäten ändern sich jede Woche, das ist schwierig für uns.",
            ),
        },
        "mid": {
            "en": (
                "A clear plan for the next quarter would make this a 10.",
                "Share the roadmap with us before it is final.",
            ),
            "fr": (
                "Un plan clair pour le prochain trimestre, ce serait un 10.",
                "Partagez la feuille de route avant qu’elle soit figée.",
            ),
            "de": (
                "Ein klarer Plan für das nächste Quartal wäre eine 10.",
                "Teilen Sie die Roadmap mit uns, bevor sie feststeht.",
            ),
        },
        "high": {
            "en": (
                "The roadmap is clear and realistic. Well done.",
                "Good planning: we know the next steps and why.",
            ),
            "fr": (
                "La feuille de route est claire et réaliste, bravo.",
                "Bonne anticipation, nous connaissons les prochaines étapes.",
            ),
            "de": (
                "Die Roadmap ist klar und realistisch, sehr gut.",
                "Gute Planung, wir kennen die nächsten Schritte.",
            ),
        },
    },
    {  # value
        "low": {
            "en": (
                "We do not see the benefits we were promised yet. Disappointing.",
                "Lots of activity, no useful result for our customers so far.",
            ),
            "fr": (
                "Nous ne voyons pas encore les bénéfices promis, c’est décevant.",
                "Beaucoup d’activité mais aucun résultat utile pour l’instant.",
            ),
            "de": (
                "Den versprochenen Nutzen sehen wir noch nicht. Enttäuschend.",
                "Viel Aktivität, aber noch kein Ergebnis für uns. Schade.",
            ),
        },
        "mid": {
            "en": (
                "Steady progress; show us the benefit in numbers.",
                "Progress is fine, the outcome for our customers is still unclear.",
            ),
            "fr": (
                "L’avancement est correct ; montrez-nous les gains en chiffres.",
                "Des progrès, mais le résultat pour nos clients reste flou.",
            ),
            "de": (
                "Ordentlicher Fortschritt; zeigen Sie uns den Nutzen in Zahlen.",
                "Fortschritt ja, aber das Ergebnis für unsere Kunden ist unklar.",
            ),
        },
        "high": {
            "en": (
                "Good progress this month.",
                "The new process already saves our team hours every week. Valuable work.",
            ),
            "fr": (
                "Bons progrès ce mois-ci.",
                "Le nouveau processus nous fait déjà gagner du temps : très utile.",
            ),
            "de": (
                "Guter Fortschritt in diesem Monat.",
                "Der neue Ablauf spart uns schon jetzt Zeit, sehr nützlich.",
            ),
        },
    },
    {  # responsiveness
        "low": {
            "en": (
                "We waited two weeks for an answer. Unacceptable.",
                "When something breaks nobody replies, which is a real problem.",
            ),
            "fr": (
                "Deux semaines d’attente pour une réponse, c’est inacceptable.",
                "Quand il y a une panne, personne n’est joignable : un vrai problème.",
            ),
            "de": (
                "Zwei Wochen Wartezeit auf eine Antwort, inakzeptabel.",
                "Wenn etwas ausfällt, ist niemand erreichbar. Ein echtes Problem.",
            ),
        },
        "mid": {
            "en": (
                "We need one person to call.",
                "Answers come, but we have to chase them.",
            ),
            "fr": (
                "Il nous faut un seul interlocuteur.",
                "Les réponses arrivent, mais il faut relancer.",
            ),
            "de": (
                "Wir brauchen einen Ansprechpartner.",
                "Antworten kommen, aber wir müssen nachfassen.",
            ),
        },
        "high": {
            "en": (
                "Quick replies and always someone available. Thank you.",
                "Very responsive team, everything fixed the same day. Great.",
            ),
            "fr": (
                "Réponses rapides, toujours quelqu’un de disponible, merci.",
                "Équipe très réactive, problèmes réglés le jour même.",
            ),
            "de": (
                "Schnelle Antworten, immer jemand erreichbar, danke.",
                "Sehr schnelle Reaktion, alles am selben Tag gelöst, danke.",
            ),
        },
    },
)


def comment(draw: int, overall: int, language: str, month: int) -> str:
    """The comment for the stream's ``draw`` (0–8) of an answer with this ``overall`` score, in
    ``language`` (English when the demo has no words in it), variant by ``month``."""
    if draw >= TOPICS:
        return ""
    tone = "low" if overall <= 5 else "mid" if overall <= 7 else "high"
    variants = WORDS[draw][tone]
    texts = variants.get(language) or variants["en"]
    return texts[month % len(texts)]
