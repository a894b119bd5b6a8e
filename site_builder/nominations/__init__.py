"""Nominations from the member units: `template` makes the workbook a unit fills
(theme/nominations.yml + content/taxonomies), `import` reads it back with the Word
reports and photos and writes each row as a profile with `status: review`."""
