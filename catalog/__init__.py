"""The enterprise data catalog: business contributes, IT keeps control."""

from catalog.app import create_app

__all__ = ["create_app"]
