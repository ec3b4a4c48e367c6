"""AppTest runs app.py in this process: show a page's uncaught error as an exception (a developer's setting), so
``at.exception`` sees it; the visitors' setting ("none", .streamlit/config.toml) shows an Indonesian message instead
(tests/e2e/test_browser.py checks that one in a real browser)."""

import pytest
from streamlit import config


@pytest.fixture(autouse=True, scope="session")
def _error_details_for_tests():
    lama = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", lama)
