import pytest

from campaign.places import postcode_index


@pytest.fixture(scope="session")
def postcode_index_path():
    """The real index, built once from the installed ONS directory if it is not there yet."""
    return str(postcode_index.open_index().path)
