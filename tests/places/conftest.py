import pytest

from campaign.places import loaders, postcode_index


@pytest.fixture(scope="session")
def postcode_index_path():
    """The real index, built once from the installed ONS directory if it is not there yet."""
    return str(postcode_index.open_index().path)


@pytest.fixture
def loaded(app, postcode_index_path):
    """The app with the bundled open data loaded (the database is emptied after each test)."""
    loaders.load_all()
    return app
