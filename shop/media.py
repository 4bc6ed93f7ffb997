"""/media/<name>: product images from the media store (MEDIA_STORE), served safely."""
from flask import Blueprint

from shop.media_store import store

bp = Blueprint("media", __name__)
# A photo's name is random and never reused, so a cached copy is always right while the file exists;
# a replaced photo is deleted (404 here) and leaves shared caches within a day.
MAX_AGE = 24 * 3600


@bp.get("/media/<path:name>")
def file(name):
    """A public photo; a path leaving media/ (../) or an unknown name is a 404."""
    return store().send("media", name, max_age=MAX_AGE)


def init_app(app):
    """Register /media/<name>."""
    app.register_blueprint(bp)
