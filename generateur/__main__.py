import sys

from generateur.cli import main

sys.exit(main())
