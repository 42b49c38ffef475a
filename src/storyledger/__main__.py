"""``python -m storyledger``: the same as the ``storyledger`` command."""

from storyledger.cli import main

if __name__ == "__main__":
    main()
