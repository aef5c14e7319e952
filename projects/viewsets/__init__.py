"""The projects' admin viewsets, one module per concern."""
