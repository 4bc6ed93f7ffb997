"""/media/<name>: files kept under instance/media (product images), served safely."""
import os

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("media", __name__)
# A photo's name is random and never reused, so a cached copy is always right while the file exists;
# a replaced photo is deleted (404 here) and leaves shared caches within a day.
MAX_AGE = 24 * 3600


def media_folder() -> str:
    return os.path.join(current_app.instance_path, "media")


@bp.get("/media/<path:name>")
def file(name):
    # send_from_directory refuses paths that leave the folder (../) with a 404.
    return send_from_directory(media_folder(), name, max_age=MAX_AGE)


def init_app(app):
    """Register /media/<name>."""
    app.register_blueprint(bp)
