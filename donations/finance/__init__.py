"""Finance: a payout's balance transactions stored line by line and matched to our
gifts, refunds and disputes (``lines``), each payout reconciled to the öre
(``reconciliation``), and the reads finance pages and exports build on (``selectors``)."""
