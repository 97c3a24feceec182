"""`python -m summarizer.cli`: the same entry point as the `summarizer` script."""

from summarizer.cli import main

main()
