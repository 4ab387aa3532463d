from conftest import html_pages


def test_site_has_every_module_page(site_dir):
    pages = {p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)}
    for slug in ("to-chuc-co-so-dang", "sinh-hoat-chi-bo", "cong-tac-dang-vien",
                 "kiem-tra-giam-sat-ky-luat", "quy-che-lam-viec", "bao-ve-chinh-tri-noi-bo",
                 "neu-guong-mo-hinh", "iso-9001"):
        assert f"{slug}/index.html" in pages
        assert f"{slug}/tu-kiem-tra.html" in pages
    assert {"index.html", "van-ban-tham-khao.html", "thuat-ngu.html", "tien-do-hoc-tap.html"} <= pages
