"""Finance: the tax-reduction personnummer, Skatteverket's KU65 report and the SIE 4
accounting export (one module per concept)."""
