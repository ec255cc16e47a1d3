"""Date formats of our own (``FORMAT_MODULE_PATH``); a language without a module here,
or a format a module leaves out, keeps Django's."""
