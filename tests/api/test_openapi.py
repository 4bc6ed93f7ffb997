"""schemathesis against /api/v1/openapi.json: the API does what its document says, and says what it does."""
import re

import schemathesis
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

from tests.factories import make_filter_shelf, make_outlet, make_product

CONFIG = {
    "seed": 1,
    "generation": {"max-examples": 25, "deterministic": True},  # about 4 s a run, the same cases each time
}


def _whole_number(value) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isascii() and str(value).isdigit() else None


def _price_order_kept(_context, case) -> bool:
    """price_min above price_max is refused (400, as documented), a rule between two parameters
    that JSON Schema cannot state: such schema-valid requests are not sent."""
    low, high = (_whole_number((case.query or {}).get(name)) for name in ("price_min", "price_max"))
    return low is None or high is None or low <= high


def _search_has_a_word(_context, case) -> bool:
    """A q with no letter or digit ("!!") is refused (400, as documented): JSON Schema's \\w knows only
    ASCII letters, so the rule is written in words and such schema-valid requests are not sent."""
    q = (case.query or {}).get("q")
    return not isinstance(q, str) or not q.strip() or re.search(r"\w", q) is not None


def _digits_only(_context, case) -> bool:
    """A whole number written with a point ("2.0") is refused (400, as the document's description says: in
    Vietnamese 2.000 is two thousand): JSON Schema's integer admits 2.0, so such requests are not sent."""
    return not any(isinstance(value, float) for value in (case.query or {}).values())


def _sent(context, case) -> bool:
    return _price_order_kept(context, case) and _search_has_a_word(context, case) and _digits_only(context, case)


def _failures(event) -> list[str]:
    if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
        return [f"{event.recorder.label}: {check.name}: {check.failure_info.failure.title}: "
                f"{check.failure_info.code_sample}"
                for checks in event.recorder.checks.values() for check in checks if check.failure_info]
    if isinstance(event, (events.NonFatalError, events.FatalError)):
        return [repr(event)]
    return []


def test_the_api_answers_as_its_document_says(app):
    make_filter_shelf()  # products on sale, so the listing and product pages have real hits
    make_outlet(stock=[(make_product("Chè ở điểm bán"), 3)])  # and an outlet holding one
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG))
    schema.hook("filter_case")(_sent)
    found = [failure for event in engine.from_schema(schema).execute() for failure in _failures(event)]
    assert not found, "\n".join(sorted(set(found)))


def test_the_document_describes_the_outlets_and_a_products_outlets(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/outlets", "/outlets/{slug}/stock"} <= set(document["paths"])
    kinds = next(p for p in document["paths"]["/outlets"]["get"]["parameters"] if p["name"] == "kind")
    assert kinds["schema"]["enum"] == ["sales_point", "district_centre", "provincial_centre", "regional_centre"]
    detail = document["components"]["schemas"]["ProductDetail"]["allOf"][1]
    assert detail["required"] == ["available", "outlets"]
