"""Entry point of the frozen build (PyInstaller cannot start from `python -m app`)."""

from app.__main__ import main

main()
