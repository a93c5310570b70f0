"""Server-rendered pages. The views live in archive/pages/, one module per group of pages;
this module names them for archive/urls.py."""
from archive.pages.browse import (
    city_detail,
    city_list,
    type_detail,
    type_list,
    year_detail,
    year_list,
)
from archive.pages.compare import compare, coverage
from archive.pages.home import home
from archive.pages.metrics import metric_explorer
from archive.pages.replies import reply_detail
from archive.pages.search import search

__all__ = [
    "city_detail",
    "city_list",
    "compare",
    "coverage",
    "home",
    "metric_explorer",
    "reply_detail",
    "search",
    "type_detail",
    "type_list",
    "year_detail",
    "year_list",
]
