"""/healthz for load balancers."""


def test_healthz_reports_the_database_reachable(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.get_json() == {"status": "ok", "database": "ok"}
