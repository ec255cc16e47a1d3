"""Yearly statements: a donor's gifts of one calendar year with refunds netted and, for an
approved gift recipient, which of them count toward the tax reduction (``figures``);
the PDF (``pdf``); and the January email, once per donor and year (``sending``)."""
