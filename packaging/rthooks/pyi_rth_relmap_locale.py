"""Runtime hook of the packaged Relmap: a UTF-8 locale even when the environment has none.

`python3` coerces a C/POSIX locale to C.UTF-8 at start-up (PEP 538); an embedded interpreter
such as PyInstaller's does not, and Qt then warns that it "depends on a UTF-8 locale" on every
start from a bare environment (cron, env -i, some remote shells). Doing the same coercion here
keeps the packaged program as quiet as the installed one. A real locale is never touched.
"""

import os


def _coerce_c_locale() -> None:
    # The rule of PEP 538: only when LC_ALL is unset and the character-type locale is C/POSIX.
    if os.environ.get("LC_ALL"):
        return
    ctype = os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "C"
    if ctype in ("C", "POSIX"):
        os.environ["LC_CTYPE"] = "C.UTF-8"


_coerce_c_locale()
