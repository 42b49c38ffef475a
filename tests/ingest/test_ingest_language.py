"""Language detection: English passes, other languages are named, short text is unsure."""

from __future__ import annotations

import pytest

from storyledger.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The fire chief said crews were held back by the intense heat.", "en"),
        ("Die Feuerwehr sagte, dass drei Menschen ums Leben gekommen sind.", "de"),
        ("Le feu a détruit l'entrepôt mardi matin, selon les pompiers.", "fr"),
        ("El incendio destruyó el almacén durante la noche, según la policía.", "es"),
    ],
)
def test_language_detects_common_news_languages(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess is not None
    assert guess[0] == code


@pytest.mark.parametrize("text", ["Fire.", "OSLO (Reuters) - Norway", "12:30"])
def test_language_is_unsure_about_very_short_text(text: str) -> None:
    assert detect_language(text) is None
