"""Every veil process the tests start (in process or not) writes its audit events into a data
directory of this test run, never into the user's own."""

import os
import tempfile

os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="veil-test-data-")
os.environ.pop("VEIL_AUDIT_URL", None)
