"""The enterprise data catalog: business contributes, IT keeps control."""

# Every model mapped, and the outbox listeners installed, in every process that uses the
# catalog (a server, a command, a script): a flush that changes a dataset must write its
# outbox events whether or not the migrations ran in this process.
import catalog.models  # noqa: F401
from catalog.app import create_app

__all__ = ["create_app"]
