"""The shop's icons: a star on the brand's green, found by browsers and phones with or without a link."""
import io

from PIL import Image


def test_favicon_ico_answers_with_an_image_where_browsers_look_for_it(client):
    with client.get("/favicon.ico") as answer:
        assert answer.status_code == 200 and answer.mimetype.startswith("image/")
        assert Image.open(io.BytesIO(answer.data)).format == "ICO"


def test_phones_get_a_180_pixel_touch_icon(client):
    with client.get("/apple-touch-icon.png") as answer:
        assert answer.status_code == 200 and answer.mimetype == "image/png"
        assert Image.open(io.BytesIO(answer.data)).size == (180, 180)


def test_every_page_links_the_svg_star_and_its_fallbacks(client):
    page = client.get("/products").text
    for link in ('rel="icon" href="/static/img/favicon.ico"', 'rel="icon" href="/static/img/favicon.svg"',
                 'rel="apple-touch-icon" href="/static/img/apple-touch-icon.png"'):
        assert link in page
    with client.get("/static/img/favicon.svg") as svg:
        assert svg.mimetype == "image/svg+xml" and b"<path" in svg.data  # the star
    assert client.get("/nowhere").text.count('rel="icon"') == 2  # error pages too
