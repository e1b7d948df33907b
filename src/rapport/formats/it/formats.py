"""Italian dates without the leading zero Django's Italian format writes ("09 dicembre 2026"):
"9 dicembre 2026", as Italian text writes a day. Everything else is Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y H:i"
