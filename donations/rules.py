"""Who may see and change the books: finance staff, and the fundraising team for
gift exports. Registered with ``rules`` as Django permissions."""

import rules

from accounts.roles import is_finance_staff, is_fundraising_staff

rules.add_perm("donations.view_finance", is_finance_staff)
rules.add_perm("donations.refund_gift", is_finance_staff)
rules.add_perm("donations.export_books", is_finance_staff)
rules.add_perm("donations.export_gifts", is_finance_staff | is_fundraising_staff)
rules.add_perm("donations.export_plans", is_finance_staff | is_fundraising_staff)
