"""Who may open a private page: `@requires(role)` on every /account, /seller, /office and /outlet view.

Anonymous visitors go to the login page (a program asking for JSON gets a 401 in
JSON instead); a signed-in person without the role gets 403.
Each guarded view records its role as `view.access`, so a test can
walk the URL map and prove that no private route was left unguarded.
Ownership (another producer's product → 404) is checked where objects are loaded.
"""
from functools import wraps

from flask import abort, g, make_response, request, session
from flask_login import current_user

from shop.errors import MESSAGES, api_error, wants_json
from shop.extensions import login_manager

ROLES = ("signed_in", "member", "owner", "office", "outlet")


def current_membership():
    """The SellerMember row of the producer this person is working for (chosen in the session), or None."""
    memberships = current_user.memberships if current_user.is_authenticated else []
    chosen = session.get("seller_id")
    return next((m for m in memberships if m.seller_id == chosen), memberships[0] if memberships else None)


def _holds(role: str) -> bool:
    if role == "office":
        return current_user.is_office
    if role == "outlet":  # staff of at least one outlet; each view then keeps to that person's outlets
        g.outlets = [staff.location for staff in current_user.outlet_posts]
        return bool(g.outlets)
    if role in ("member", "owner"):
        membership = current_membership()
        if membership is None or (role == "owner" and membership.role != "owner"):
            return False
        g.membership, g.seller = membership, membership.seller
    return True


def _sign_in_first():
    """The answer to an anonymous visitor: the login page, or a 401 in JSON for a program that asked for JSON."""
    if wants_json() or request.args.get("format") == "json":
        return api_error(401, "unauthorized", str(MESSAGES[401]))
    return login_manager.unauthorized()


def requires(role: str):
    """Guard a view: sign-in first, then `role` (signed_in, member, owner, office or outlet), else 403."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return _sign_in_first()
            if not _holds(role):
                abort(403)
            response = make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = "private, no-store"  # never kept by a shared cache or proxy
            return response
        guarded.access = role
        return guarded
    return decorate

