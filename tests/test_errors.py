"""Error answers (shop/errors.py) keep the headers of the HTTP error they render: a 405 says what is allowed."""
import pytest


@pytest.mark.parametrize("path, allowed", [("/products", {"GET", "HEAD", "OPTIONS"}),
                                           ("/cart/add", {"POST", "OPTIONS"})])
def test_a_method_not_allowed_page_keeps_its_allow_header(client, path, allowed):
    answer = client.put(path)
    assert answer.status_code == 405 and "Phương thức không được hỗ trợ." in answer.text
    assert set(answer.headers["Allow"].split(", ")) == allowed
    assert answer.mimetype == "text/html"


def test_a_method_not_allowed_in_the_api_keeps_its_allow_header(client):
    answer = client.post("/api/v1/products")
    assert answer.status_code == 405 and answer.get_json()["error"]["code"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
