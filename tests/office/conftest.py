"""Fixtures of the office's tests."""
import pytest

from tests.office.kpi_dataset import load_kpi_dataset


@pytest.fixture
def dataset(app):
    """The KPI dataset (tests/office/kpi_dataset.py) loaded: returns the 4★ tea and the sales point."""
    return load_kpi_dataset(app)
