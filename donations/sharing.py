"""Plain share links for a campaign: ordinary links to the networks' own share pages,
nothing of theirs loaded on ours and no tracking parameters."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ShareLink:
    label: str
    href: str


def share_links(url: str, title: str) -> list[ShareLink]:
    text = _("I just gave to %(title)s. Will you join me?") % {"title": title}
    # Mail programs read "+" literally, so a mailto link spells spaces %20.
    mail = urlencode({"subject": title, "body": f"{text}\n\n{url}"}, quote_via=quote)
    return [
        ShareLink(_("Email"), f"mailto:?{mail}"),
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text} {url}"})),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
        ),
        ShareLink(
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
    ]
