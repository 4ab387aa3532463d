"""Static checks over the built HTML: links, anchors and third-party hosts (see macros.linkcheck)."""

from macros.linkcheck import check_site, parse  # noqa: F401
