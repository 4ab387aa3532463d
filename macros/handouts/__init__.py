"""Printed handouts (A4 PDFs): which documents exist and their HTML, as plain Python.

- ``catalog``: modules (nav + front matter ``module:``), quiz banks, output file names;
- ``compose``: built page -> cleaned print fragment (ids prefixed, links resolved);
- ``quizprint``: quiz bank data -> worksheet / answer key HTML;
- ``documents``: one print document per handout (cover, TOC, running headers).

``python -m macros.handouts`` (``cli``) prints these documents with Chromium; nothing else here knows MkDocs
or the browser.
"""
