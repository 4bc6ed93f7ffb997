"""/seller/channels and /office/producers/<id>/channels: a producer declares its enterprise size and modern sales
channels, and the office corrects them (audited); the KPIs read them."""
from shop.extensions import db
from shop.office.models import AuditEntry
from shop.sellers.models import SellerChannel
from tests.workspace.workflow import office_client, post_form, producer_signed_up


def _declared(seller):
    db.session.expire_all()
    return seller.enterprise_size, sorted(db.session.scalars(
        db.select(SellerChannel.channel).where(SellerChannel.seller_id == seller.id)))


def test_a_producer_declares_its_size_and_channels_and_sees_them_again(app):
    client = app.test_client()
    seller = producer_signed_up(client)
    answer = post_form(client, "/seller/channels", enterprise_size="small", channels=["zalo", "supermarket"])
    assert answer.status_code == 303 and answer.location == "/seller/channels"
    assert _declared(seller) == ("small", ["supermarket", "zalo"])
    page = client.get("/seller/channels").text
    assert '<option selected value="small">' in page
    assert '<input checked id="channels-4" name="channels" type="checkbox" value="zalo">' in page
    assert '<input id="channels-3" name="channels" type="checkbox" value="facebook">' in page
    assert '<fieldset class="field" id="channels">\n  <legend>Kênh bán hàng hiện đại (ngoài sàn này)</legend>' in page
    assert 'for="channels"' not in page  # no label pointing at the list
    post_form(client, "/seller/channels", enterprise_size="")  # nothing ticked: the channels are withdrawn
    assert _declared(seller) == (None, [])


def test_an_unknown_size_or_channel_is_refused_on_the_form_and_nothing_saved(app):
    client = app.test_client()
    seller = producer_signed_up(client)
    for fields in ({"enterprise_size": "huge"}, {"enterprise_size": "micro", "channels": ["tiktok"]}):
        answer = post_form(client, "/seller/channels", **fields)
        assert answer.status_code == 200 and 'class="errors"' in answer.text
    assert 'aria-describedby="channels-errors"' in answer.text  # the group names its error
    assert _declared(seller) == (None, [])


def test_the_office_corrects_them_and_the_change_is_audited_once(app):
    seller = producer_signed_up(app.test_client())
    office = office_client(app)
    path = f"/office/producers/{seller.id}/channels"
    page = f"/office/producers/{seller.id}"
    assert f'action="{path}"' in office.get(page).text
    assert "<legend>Kênh bán hàng hiện đại (ngoài sàn này)</legend>" in office.get(page).text
    assert post_form(office, path, page, enterprise_size="medium", channels=["export"]).status_code == 303
    assert post_form(office, path, page, enterprise_size="medium", channels=["export"]).status_code == 303
    assert _declared(seller) == ("medium", ["export"])
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "seller.channels")).all()
    assert [(e.subject_id, e.actor.email) for e in entries] == [(seller.id, "vanphong@ocop.gov.vn")]
    assert "Sửa quy mô và kênh bán hàng của cơ sở" in office.get(page).text
    assert post_form(office, path, page, enterprise_size="giant").status_code == 400
    assert _declared(seller) == ("medium", ["export"])
