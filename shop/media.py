"""/media/<name>: files kept under instance/media (product images), served safely."""
import os

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("media", __name__)


def media_folder() -> str:
    return os.path.join(current_app.instance_path, "media")


@bp.get("/media/<path:name>")
def file(name):
    # send_from_directory refuses paths that leave the folder (../) with a 404.
    return send_from_directory(media_folder(), name, max_age=7 * 24 * 3600)
