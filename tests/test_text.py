from macros.text import fold, normalize_answer, slugify


def test_fold_removes_all_vietnamese_marks():
    assert fold("Kết nạp Đảng viên, chuyển sinh hoạt đảng") == "Ket nap Dang vien, chuyen sinh hoat dang"
    assert fold("ỹ Ỵ ơ Ư ă Â đ") == "y Y o U a A d"


def test_slugify_vietnamese_headings():
    assert slugify("Các bước chuẩn bị") == "cac-buoc-chuan-bi"
    assert slugify("Đảng ủy: quy chế <em>làm việc</em>") == "dang-uy-quy-che-lam-viec"


def test_normalize_answer_case_space_form_and_optional_diacritics():
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Chi  Ủy ")
    assert normalize_answer(nfd) == "chi ủy"
    assert normalize_answer(nfd, ignore_diacritics=True) == "chi uy"
