"""`flask --app wsgi users create --producer SLUG EMAIL`: a province hands an imported producer to its owner."""
from shop.accounts.services import find_user
from tests.accounts.support import PASSWORD
from tests.factories import make_seller


def test_users_create_makes_an_owner_of_an_existing_producer(runner):
    tea, honey = make_seller(), make_seller("HTX Mật Ong Bắc Kạn", province="Bắc Kạn")
    result = runner.invoke(args=["users", "create", "--producer", tea.slug, "--producer", honey.slug,
                                 "--producer", tea.slug, "--password", PASSWORD, "chu@htx.vn"])
    assert result.exit_code == 0, result.output
    assert "owner of HTX Chè Tân Cương, owner of HTX Mật Ong Bắc Kạn" in result.output
    posts = {(m.seller.slug, m.role) for m in find_user("chu@htx.vn").memberships}
    assert posts == {(tea.slug, "owner"), (honey.slug, "owner")}


def test_an_unknown_producer_is_a_clear_error_and_creates_nothing(runner):
    result = runner.invoke(args=["users", "create", "--producer", "khong-co", "--password", PASSWORD, "x@htx.vn"])
    assert result.exit_code == 2 and "no producer with the slug 'khong-co'" in result.output
    assert find_user("x@htx.vn") is None
