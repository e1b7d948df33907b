"""English dates as Rapport writes them everywhere: the month spelt out, day first
("9 December 2026"), as the pledge, the readiness check and the emails to stakeholders
(``rapport.languages.local_date``) already did. Django's own English is American
("Dec. 9, 2026"), which the project and review pages showed beside them."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
