"""Security headers on every response, set here and nowhere else.

`add_security_headers` runs after every request, error pages included: a
Content-Security-Policy that allows only the shop's own scripts, styles and
frames (no inline script), no framing of the shop by anyone, no MIME sniffing,
and no camera, microphone, location or payment API. A view widens this only
for its own page: `allow("stripe")` where the card form loads Stripe.js, and
`@allows("camera")` where scanning will need the camera.
"""
from functools import cache, wraps

from flask import g

CONTENT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}

# What each feature adds to the page that allows it.
FEATURES = {
    "stripe": ({"script-src": ["https://js.stripe.com"],
                "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
                "connect-src": ["https://api.stripe.com"]},
               {"payment": '(self "https://js.stripe.com")'}),
    "camera": ({}, {"camera": "(self)"}),
}


def allow(feature: str) -> None:
    """Let the page this request renders use `feature` ("stripe" or "camera"), which every other page refuses."""
    if feature not in FEATURES:
        raise ValueError(f"unknown feature {feature!r}")
    g.setdefault("allowed_features", set()).add(feature)


def allows(feature: str):
    """Decorate a view whose pages use `feature` (only once the view answered: its error pages do not)."""
    def decorate(view):
        @wraps(view)
        def allowing(*args, **kwargs):
            response = view(*args, **kwargs)
            allow(feature)
            return response
        return allowing
    return decorate


@cache  # a handful of feature sets: each page's headers are joined once per process
def _policies(features: frozenset) -> tuple[str, str]:
    """The Content-Security-Policy and Permissions-Policy values for a page allowing `features`."""
    sources = {name: list(values) for name, values in CONTENT_POLICY.items()}
    permissions = dict(PERMISSIONS)
    for feature in sorted(features):
        extra_sources, extra_permissions = FEATURES[feature]
        for name, values in extra_sources.items():
            sources[name] += values
        permissions.update(extra_permissions)
    return ("; ".join(f"{name} {' '.join(values)}" for name, values in sources.items()),
            ", ".join(f"{name}={value}" for name, value in permissions.items()))


def add_security_headers(response):
    """Set the security headers; a response with a stricter policy of its own (a private document) keeps it."""
    content_policy, permissions_policy = _policies(frozenset(g.get("allowed_features", ())))
    response.headers.setdefault("Content-Security-Policy", content_policy)
    response.headers["Permissions-Policy"] = permissions_policy
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def init_app(app):
    """Add the security headers to every response, error pages too (Flask finalizes them the same way)."""
    app.after_request(add_security_headers)
