"""The build's one extra step: the examples travel inside the package (vanban/examples/), so that
`vanban khoi-tao` finds them after `pip install .` as well as in the source tree. Everything
else is declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithExamples(build_py):
    def run(self):
        super().run()
        source = Path(__file__).resolve().parent / "examples"
        if source.is_dir():
            target = Path(self.build_lib) / "vanban" / "examples"
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("output", ".*", "*.lock", "__pycache__"))


setup(cmdclass={"build_py": BuildWithExamples})
