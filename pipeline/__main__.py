import atexit
import os
import sys
import threading

from pipeline.cli import main

code = main()
if isinstance(code, int) and threading.active_count() == 1:
    # The command is done and every file it wrote is complete (writes are atomic): what the
    # interpreter's teardown would still do is free every module and object one by one, a
    # twentieth of a one-file extract's time. The exit handlers (multiprocessing's, tempfile's)
    # still run and the streams are flushed; with another thread alive the usual exit waits for it.
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a closed pipe: the usual exit reports it as it always has
        sys.exit(code)
    os._exit(code)
sys.exit(code)
