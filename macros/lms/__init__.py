"""E-learning exports: Moodle GIFT, Moodle XML question banks and SCORM 1.2 packages.

Plain Python, independent of MkDocs: every generator takes quiz-bank data (the dicts
loaded from ``quizzes/<id>.yml``) and returns text or bytes.

- ``gift.bank_to_gift(bank, notes)``        -> GIFT text (``[html]`` format marker)
- ``moodle_xml.bank_to_xml(bank, notes)``   -> Moodle XML bytes (UTF-8, HTML in CDATA)
- ``scorm.build_package(site, spec, xsd)``  -> SCORM 1.2 zip bytes
- ``python -m macros.lms export --site site --out dist`` writes them all (see ``cli``).

Conversions that a format cannot carry exactly are never dropped silently: each
generator appends a ``Note`` (question id, kind, message) to the ``notes`` list it
is given, and the command line prints and saves them.
"""

from __future__ import annotations

from .common import Note, load_bank_file, load_project_banks

__all__ = ["Note", "load_bank_file", "load_project_banks"]
