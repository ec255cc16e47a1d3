"""What donors receive: receipt emails with a PDF, tribute e-cards and notices of a
failed monthly payment (``emails``), the PDF receipt itself (``receipt_pdf``) and
the signed links in those emails (``links``)."""
