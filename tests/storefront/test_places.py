"""/places/<province>/communes: the list the checkout's commune choice is refilled from."""
import pytest


def test_a_province_answers_its_communes_for_everyone_to_keep(client):
    answer = client.get("/places/Hà Nội/communes")
    assert answer.status_code == 200 and answer.json["province"] == "Hà Nội"
    assert len(answer.json["communes"]) == 126 and "Phường Hoàn Kiếm" in answer.json["communes"]
    assert "public" in answer.headers["Cache-Control"] and "Set-Cookie" not in answer.headers


@pytest.mark.parametrize("name", ["ha noi", "Thành phố Hà Nội"])
def test_the_province_may_be_written_as_people_write_it(client, name):
    assert client.get(f"/places/{name}/communes").json["province"] == "Hà Nội"


def test_a_former_province_answers_the_province_it_joined(client):
    answer = client.get("/places/Quảng Nam/communes").json
    assert answer["province"] == "Đà Nẵng" and "Phường Hội An" in answer["communes"]


def test_anything_else_is_a_404_in_json(client):
    answer = client.get("/places/Narnia/communes")
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found"
