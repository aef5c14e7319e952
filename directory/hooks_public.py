"""Wagtail hooks through which the directory adds to the portal's public pages."""
