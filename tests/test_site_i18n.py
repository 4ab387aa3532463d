"""Material's interface is fully Vietnamese (its own vi.html leaves English strings)."""

import json
import re
from pathlib import Path

from conftest import ROOT

MATERIAL_EN = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages" / "en.html"


def _strings(path: Path) -> dict[str, str]:
    return dict(re.findall(r'"([a-z.]+)":\s*"((?:[^"\\]|\\.)*)"', path.read_text(encoding="utf-8")))


def test_every_material_key_is_translated():
    en = _strings(MATERIAL_EN)
    vi = _strings(ROOT / "overrides" / "partials" / "languages" / "vi.html")
    missing = sorted(set(en) - set(vi))
    assert missing == [], f"keys added by Material and not translated: {missing}"
    same = sorted(k for k, v in vi.items()
                  if k in en and v == en[k] and not k.startswith("search.config") and k not in ("language", "direction"))
    assert same == [], f"still English: {same}"


def test_built_pages_carry_vietnamese_ui(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    assert config["translations"]["search.result.placeholder"] == "Nhập từ khóa để tìm kiếm"
    assert "Initializing search" not in html
    assert "Đang khởi tạo tìm kiếm" in html
