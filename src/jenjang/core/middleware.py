"""Turns a JenjangError raised in a view into a translated error page with the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from .errors import JenjangError


class JenjangErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, JenjangError) or request.path.startswith("/api/"):
            return None
        template = "core/partials/error.html" if request.headers.get("HX-Request") else "core/error.html"
        return render(request, template, {"error": exception}, status=exception.status)


class LanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose English with the language switch (cookie).

    The web UI does not follow the browser's Accept-Language: most government computers run English-language
    browsers, and the UI's default is Indonesian. The API and the rule evaluation endpoint do follow
    Accept-Language, as the rules contract asks.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
