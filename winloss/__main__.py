"""`python -m interviewer` behaves exactly like the `winloss` command."""

import sys

from interviewer.cli import main

sys.exit(main())
