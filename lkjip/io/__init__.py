"""Import/export: reading numbers as printed, source data files, templates."""
