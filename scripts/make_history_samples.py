"""Generate the history samples (seeded): 10 projects, 14 months, one planted deterioration."""

import csv
import random

rng = random.Random(11)
projects = [
    ("HIS-01", "Northwind Retail", "maria.lopez@example.org", 2, "hq", "delivery", "G"),
    ("HIS-02", "Northwind Retail", "maria.lopez@example.org", 4, "site", "delivery", "A/G"),
    ("HIS-03", "Northwind Retail", "tom.reed@example.org", 3, "hq", "planning", "G"),
    ("HIS-04", "Contoso Health", "tom.reed@example.org", 5, "site", "delivery", "A"),
    ("HIS-05", "Contoso Health", "ana.silva@example.org", 1, "hq", "handover", "G"),
    ("HIS-06", "Contoso Health", "ana.silva@example.org", 3, "hq", "delivery", "G"),
    ("HIS-07", "Fabrikam Logistics", "maria.lopez@example.org", 2, "site", "delivery", "A/G"),
    ("HIS-08", "Fabrikam Logistics", "tom.reed@example.org", 4, "hq", "delivery", "G"),
    ("HIS-09", "Fabrikam Logistics", "ana.silva@example.org", 3, "site", "initiation", "G"),
    ("HIS-10", "Fabrikam Logistics", "ana.silva@example.org", 2, "hq", "delivery", "G"),
]
with open("src/rapport/imports/samples/projects.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(
        ["project", "customer", "project_manager", "complexity", "site", "phase", "delivery_status"]
    )
    w.writerows(projects)
months = [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in range(14)]  # 2025-01 … 2026-02
roles = ["Sponsor", "Product owner", "Key user"]
good = [
    "Clear updates every week.",
    "The team listens and delivers.",
    "Good progress, thank you.",
    "",
]
bad = [
    "Deadlines keep slipping and nobody tells us.",
    "Poor communication, we are frustrated.",
    "Quality problems again this month.",
]
with open("src/rapport/imports/samples/responses.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(
        [
            "project",
            "period",
            "respondent",
            "role",
            "mode",
            "overall",
            "alignment",
            "transparency",
            "predictability",
            "reliability",
            "value",
            "recommend",
            "comment",
            "language",
        ]
    )
    for code, customer, _pm, cx, site, _ph, _st in projects:
        base = 8.6 - 0.35 * cx - (0.5 if site == "site" else 0)
        slug = customer.split()[0].lower()
        mode = "email" if code == "HIS-10" else rng.choice(["meeting", "call", "email"])
        for i, period in enumerate(months):
            drop = 0.0
            if code == "HIS-04" and i >= 10:  # planted: from 2025-11 on, a little worse each month
                drop = 1.2 * (i - 9)
            for k, role in enumerate(roles):
                score = max(1, min(10, round(rng.gauss(base - drop, 0.7))))
                principle = lambda: max(1, min(10, round(rng.gauss(base - drop, 1.0))))
                comment = rng.choice(bad if drop else good)
                anon = code == "HIS-10"  # an anonymous email survey
                w.writerow(
                    [
                        code,
                        period,
                        "" if anon else f"{role.split()[0].lower()}.{code.lower()}@{slug}.example",
                        "" if anon else role,
                        mode,
                        score,
                        principle(),
                        principle(),
                        principle(),
                        principle(),
                        principle(),
                        max(0, min(10, score + rng.choice([-1, 0, 1]))),
                        comment,
                        "en",
                    ]
                )
