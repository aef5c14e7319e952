# Registers what the catalogue adds to the public pages and the notifications it sends.
from projects import hooks_public  # noqa: F401
