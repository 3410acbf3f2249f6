"""The wheel carries the built web UI: build_py adds frontend/dist as catalog/static/ui.

Everything else about the package is in pyproject.toml. An editable install (the Makefile's)
serves frontend/dist straight from the checkout, so it skips this step.
"""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

FRONTEND = Path(__file__).resolve().parent / "frontend"


class BuildPyWithWebUI(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        dist = FRONTEND / "dist"
        if not (dist / "index.html").is_file():
            if not (FRONTEND / "node_modules").is_dir():
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
            subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)
        target = Path(self.build_lib) / "catalog" / "static" / "ui"
        shutil.copytree(dist, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithWebUI})
