"""Spanish number formats for the Spanish pages (Django's own Spanish formats for dates).

Money and numbers are written the same way in both languages, "$1,234.56" and "6.43%", as
CuidadoDeSalud.gov and CMS's Spanish notices write them and as the rules' Spanish messages
do (docs/adr/0101, 0601). Django's Spanish locale would write "1.234,56" wherever it
formats a number itself; these settings make those places agree. Dates and times keep
Django's Spanish formats ("2 de diciembre de 2026", "13:45").
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
