"""`python -m winloss` behaves exactly like the `winloss` command."""

import sys

from winloss.cli import main

sys.exit(main())
