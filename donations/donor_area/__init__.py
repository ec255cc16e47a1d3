"""A donor's own pages: gifts and receipts, monthly gifts, yearly statements and consents,
for the donor records whose email is one of the signed-in account's verified addresses.

Who may see what is decided in one place, ``selectors.donors_of``; every page and
download reads through it."""
