"""Article titles: a dateline or a place is never a title; a report names such an article by its
source or as "Untitled article (date)"; pages saved from a browser keep their address.
All text here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.extract.formats import article_from_text, read_article
from desktop.extract.reader import guess_title
from desktop.model.titles import article_label, find_dateline, is_dateline_or_place, strip_dateline


@pytest.mark.parametrize(
    "title",
    [
        "MOSCOW, January 7.",
        "ZORAVIA CITY, Jan. 7 (Example Wire) -",
        "LONDON, March 3 —",
        "NEW PORTBURY",
        "ALMATY",
        "Portbury:",
        "New Quillford:",
        "Tokyo, 5 April",
        "   ",
        "—",
    ],
)
def test_datelines_and_places_are_refused_as_titles(title):
    assert is_dateline_or_place(title)


@pytest.mark.parametrize(
    "title",
    [
        "Minister of Trade resigns after audit",
        "Putin Resigns",
        "Brexit talks - what next",
        "Brexit: What Happens Next",
        "UN Security Council meets on Friday",
        "NATO, the alliance, expands",
        "IBM Reports Profit",
    ],
)
def test_headlines_are_kept(title):
    assert not is_dateline_or_place(title)


@pytest.mark.parametrize(
    ("text", "rest", "agency"),
    [
        ("PORTBURY (Example Wire) – Officials detained a former minister.", "Officials detained", "Example Wire"),
        (
            "NEW QUILLFORD (Daily Example / Wire Service - 21st April, 2023) The envoy spoke.",
            "The envoy spoke",
            "Daily Example / Wire Service",
        ),
        ("ZORAVIA - A dairy company beat forecasts.", "A dairy company", None),
        ("Port Quill: The prime minister held a call.", "The prime minister", None),
        ("Port Quill, Jan. 7, 2022 (Wire) - The court ruled.", "The court ruled", "Wire"),
        ("ST. EXAMPLE, Zoravia (AP) — The city council met.", "The city council", "AP"),
    ],
)
def test_a_leading_dateline_is_found_with_its_agency(text, rest, agency):
    found = find_dateline(text)
    assert found is not None
    assert strip_dateline(text).startswith(rest)
    assert found.agency == agency


@pytest.mark.parametrize(
    "text",
    [
        "US officials said on Monday that talks failed.",
        "NATO - the alliance said so.",
        "The president spoke.",
        "Hong Kong police arrested a tycoon.",
    ],
)
def test_sentences_are_not_datelines(text):
    assert find_dateline(text) is None
    assert strip_dateline(text) == text


def test_guess_title_passes_over_a_dateline_line_and_strips_a_dateline_prefix():
    text = "PORTBURY, January 7.\n\nThe ministry of example said on Tuesday that the envoy had left. More follows."
    assert guess_title(text, fallback="file") == "The ministry of example said on Tuesday that the envoy had left."
    text = "PORTBURY (Example Wire) - Officials detained a former minister on Saturday.\n\nMore text here."
    assert guess_title(text, fallback="file") == "Officials detained a former minister on Saturday."
    # a place on its own line is no headline; the headline under it is
    text = "MOSCOW\n\nEnvoy leaves after talks\n\nThe envoy left on Monday."
    assert guess_title(text, fallback="file") == "Envoy leaves after talks"
    text = "Moscow\n\nThe envoy left on Monday after two days of talks."
    assert guess_title(text, fallback="file") == "The envoy left on Monday after two days of talks."
    assert guess_title("PORTBURY, January 7.", fallback="file") == "file"
    assert guess_title("Envoy leaves\n\nThe envoy left.", fallback="file") == "Envoy leaves"


def test_a_pasted_article_takes_its_source_from_the_dateline():
    article = article_from_text("PORTBURY (Example Wire) - Officials detained a former minister.\n\nMore text.")
    assert article.title == "Officials detained a former minister."
    assert article.source == "Example Wire"
    given = article_from_text("PORTBURY (Example Wire) - Officials met.", source="My notes")
    assert given.source == "My notes"


def test_article_label_falls_back_to_source_then_untitled_with_date():
    assert article_label("Envoy leaves", "Example Wire", date(2022, 1, 7)) == "Envoy leaves"
    assert article_label("MOSCOW, January 7.", "Example Wire", date(2022, 1, 7)) == "Example Wire"
    assert article_label("ALMATY", "", date(2022, 1, 7)) == "Untitled article (2022-01-07)"
    assert article_label("(untitled)", "", None) == "Untitled article (undated)"
    assert article_label("", "example.org", None) == "example.org"


def test_html_saved_from_a_browser_keeps_its_canonical_address_and_refuses_a_place_title(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>PORTBURY</title><link rel='canonical' href='https://news.example.org/world/envoy-123'>"
        "<meta property='og:site_name' content='Example News'></head><body><article>"
        "<p>PORTBURY (Example Wire) - The envoy of Zoravia left the capital on Monday after two days of talks "
        "with the prime minister, officials said.</p><p>The talks covered trade and a disputed border.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.url == "https://news.example.org/world/envoy-123"
    assert article.title.startswith("The envoy of Zoravia left the capital")
    assert article.source == "Example News"


def test_markdown_front_matter_url_is_the_address_and_names_the_site(tmp_path):
    md = tmp_path / "note.md"
    md.write_text(
        "---\ntitle: Envoy leaves\nurl: https://www.example.org/a/7\n---\n\nThe envoy left on Monday.\n",
        encoding="utf-8",
    )
    article = read_article(md)
    assert (article.title, article.url, article.source) == (
        "Envoy leaves",
        "https://www.example.org/a/7",
        "example.org",
    )
    md.write_text("---\nurl: not an address\n---\n\nThe envoy left on Monday.\n", encoding="utf-8")
    assert read_article(md).url == ""


def test_an_imported_page_stores_its_address(tmp_path, seeded_repo, nlp):
    from desktop.extract.ingest import ingest_files

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta property='og:url' content='https://example.org/story/9'></head><body>"
        "<article><p>The envoy of Zoravia met the foreign minister of Quillia on Monday in a long "
        "meeting about trade.</p></article></body></html>",
        encoding="utf-8",
    )
    batch = ingest_files(seeded_repo, [page], nlp=nlp)
    assert batch.failed == 0
    article_id = batch.outcomes[0].result.article_id
    assert seeded_repo.get_article(article_id).url == "https://example.org/story/9"
