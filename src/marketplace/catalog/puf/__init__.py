"""Reading and validating CMS Exchange PUF files (docs/puf-and-834.md section A). Pure: no database.

`bundle.read_directory(directory, year)` reads every file of an import, checks each one
completely and across files, and returns a `PufBundle` ready for `catalog.importer` to write,
or raises `PufInvalid` listing the problems (file, row, column, message).
"""
