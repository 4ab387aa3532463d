"""Kept for old scripts: the handouts command now lives in the package.

    python -m macros.handouts [SITE_DIR] [--only NAME ...] [--force] [--keep-html DIR]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.handouts.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
