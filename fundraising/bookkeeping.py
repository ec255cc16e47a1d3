"""The SIE 4 export's default chart of accounts (``SIE_ACCOUNTS``): BAS accounts for a
Swedish non-profit, each key an account number and name (see README "Finance exports")."""

BAS_ACCOUNTS = {
    "bank": ("1930", "Företagskonto"),
    "clearing": ("1580", "Fordran Stripe (kortinlösen)"),
    "gift_income": ("3010", "Gåvor från allmänheten"),
    "disputes": ("3011", "Gåvor återtagna vid tvist"),
    "card_fees": ("6570", "Bank- och kortavgifter"),
}
