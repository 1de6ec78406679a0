"""The published account as a PDF (A4), with WeasyPrint.

WeasyPrint needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``) and a font (DejaVu, from
``fonts-dejavu-core``); ``.ci/run`` installs them on a fresh Debian machine. Nothing is fetched
from outside: the stylesheet comes from the app's static files through ``LocalFetcher``, which
refuses every other URL (an image or font on another host in a story would be left out, never
fetched), and the fonts are the machine's own.

The PDF is made from the publication's frozen snapshot, so it is made once, on its first
request, and kept with the account (``services.pdf_store``); a new publication clears it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from nabij.reports import selectors
from nabij.reports.models import AreaAccount

# The document's base: relative and /static/ URLs resolve against it; nothing is served there.
BASE_URL = "https://nabij.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")


def _fetcher_base() -> type:
    from weasyprint.urls import URLFetcher

    return URLFetcher


class RefusedURL(ValueError):
    """An URL outside the app's static files: never fetched."""


def fetch_local(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of the app's static files named by ``url``, or ``RefusedURL``."""
    if not url.startswith(STATIC_PREFIX):
        raise RefusedURL(url)
    relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in Path(relative).parts:
        raise RefusedURL(url)
    found = finders.find(relative)
    if not found or isinstance(found, list):
        raise RefusedURL(url)
    mime = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    return Path(found).read_bytes(), mime


def local_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves the app's static files and refuses anything else."""
    from weasyprint.urls import URLFetcherResponse

    class LocalFetcher(_fetcher_base()):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime = fetch_local(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalFetcher()


def render_html(account: AreaAccount) -> str:
    content = account.published_content or {}
    figures = account.published_figures or {}
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "reports/account_pdf.html",
            {
                "account": account,
                "content": selectors.content_view(content),
                "figures": selectors.figures_view(figures),
                "labels": selectors.section_labels(),
            },
        )


def render_pdf(account: AreaAccount) -> bytes:
    from weasyprint import CSS, HTML

    html = render_html(account)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=local_fetcher())
    # The page boxes' words in the page's language; a stylesheet, not a <style> in the page
    # (every template keeps to the CSP, which refuses inline styles).
    with translation.override(settings.LANGUAGE_CODE):
        pages = CSS(string=render_to_string("reports/account_pdf_page.css"))
    return bytes(document.write_pdf(stylesheets=[pages]))


def pdf_for(account: AreaAccount) -> bytes:
    """The publication's PDF: kept, or made now and kept."""
    from nabij.reports import services

    kept = selectors.published_pdf(account)
    if kept:
        return kept
    pdf = render_pdf(account)
    services.pdf_store(account, pdf)
    return pdf
