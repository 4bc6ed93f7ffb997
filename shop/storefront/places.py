"""/places/<province>/communes: the wards and communes a delivery in a province may go to, for the checkout's
commune choice to follow its province (static/js/communes.js). The same for everyone, so browsers may keep it."""
from flask import Blueprint, jsonify
from flask_babel import gettext as _

from shop.errors import api_error
from shop.places import communes_of, province_named

bp = Blueprint("places", __name__)


@bp.get("/places/<province>/communes")
def communes(province):
    """{"province": its name, "communes": [names]}; a name that is not one of the 34 provinces is a 404."""
    name = province_named(province)
    if name is None:
        return api_error(404, "not_found", _("Không có tỉnh, thành phố này."))
    answer = jsonify(province=name, communes=list(communes_of(name)))
    answer.cache_control.public, answer.cache_control.max_age = True, 86400
    return answer
