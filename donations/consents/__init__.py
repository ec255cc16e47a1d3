"""Consent as a history (``donations.models.Consent``): recording consents given on the
giving form, in the donor area or withdrawn from a link in an email (``records``),
reading the current state (``selectors``) and the signed withdrawal links (``links``)."""
