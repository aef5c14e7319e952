# Registers the directory's admin (viewsets) and its public contributions to the hub pages.
from directory import hooks_public  # noqa: F401
