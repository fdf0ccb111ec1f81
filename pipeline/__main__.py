import sys

from .cli_entry import main

sys.exit(main())
