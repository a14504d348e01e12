"""`python -m alexnet`: the command line (see alexnet.cli.main)."""

import sys

from alexnet.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
