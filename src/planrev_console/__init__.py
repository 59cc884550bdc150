"""The front door of the ``planrev`` command, importable without the planrev library.

Importing :mod:`planrev` builds the pydantic models of drafts, opinions and revisions, which
costs more CPU time than ``planrev --version`` or ``planrev --help`` may take. This package needs
only the standard library and click: :mod:`planrev_console.main` is the command group the
``planrev`` script runs (it imports a command's module, in :mod:`planrev.cli`, only when that
command runs), and :mod:`planrev_console.language` chooses the message language before the
library is loaded (:mod:`planrev.i18n` is the same module, seen from the library).
"""
