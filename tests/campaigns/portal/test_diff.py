"""The review's word diff: both sides marked apart, line endings ignored, labels as the
editor's form writes them."""

from django.utils import translation

from campaigns.portal.diff import field_changes, text_diff

HIDDEN_REMOVED = '<span class="visually-hidden">Removed: </span>'
HIDDEN_ADDED = '<span class="visually-hidden">Added: </span>'


def test_removed_words_are_marked_before_and_added_words_after():
    with translation.override("en"):
        diff = text_diff("Hjälp textilarbetare på Balkan", "Arbetare på Balkan")
    assert diff.before == f"<del>{HIDDEN_REMOVED}Hjälp textilarbetare</del> på Balkan"
    assert diff.after == f"<ins>{HIDDEN_ADDED}Arbetare</ins> på Balkan"


def test_a_replaced_word_is_not_run_together_with_its_replacement():
    diff = text_diff("Gammal titel", "Ny titel")
    assert "<ins>" not in diff.before and "<del>" not in diff.after
    assert "Ny" not in diff.before and "Gammal" not in diff.after


def test_a_rewritten_phrase_is_marked_once_not_word_by_word():
    diff = text_diff("Vi kräver att leva på lönen.", "Vi kräver schyssta löner nu.")
    assert diff.before.count("<del>") == 1 and "<del>" in diff.before
    assert diff.after.count("<ins>") == 1 and "schyssta löner nu.</ins>" in diff.after
    assert diff.before.startswith("Vi kräver <del>")


def test_the_diff_escapes_both_sides():
    diff = text_diff("<b>fet</b> text", "<i>kursiv</i> text")
    assert "<b>" not in diff.before and "&lt;b&gt;fet&lt;/b&gt;" in diff.before
    assert "<i>" not in diff.after and "&lt;i&gt;kursiv&lt;/i&gt;" in diff.after


def test_a_text_that_differs_only_in_line_endings_is_not_a_change():
    before = {"story_sv": "Ett stycke.\n\nEtt till.", "summary_sv": "Rad ett.\nRad två."}
    after = {"story_sv": "Ett stycke.\r\n\r\nEtt till.", "summary_sv": "Rad ett.\rRad två."}
    assert field_changes(before, after, currency="SEK") == []


def test_the_labels_capitalise_only_the_first_letter_as_the_form_does():
    before = {"title_sv": "Gammal", "story_en": "Old"}
    after = {"title_sv": "Ny", "story_en": "New"}
    with translation.override("en"):
        labels = [change.label for change in field_changes(before, after, currency="SEK")]
    assert labels == ["Title (Swedish)", "Story (English)"]
    with translation.override("sv"):
        labels = [change.label for change in field_changes(before, after, currency="SEK")]
    assert labels == ["Titel (svenska)", "Berättelse (engelska)"]
