"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

It states what the API enforces (shop/catalog/filters.py, shop/routing.py), so
that a client generated from it, or schemathesis (tests/api/test_openapi.py),
meets no surprise: the slug and code patterns, the enums, the search rules.
"""
from shop.catalog.filters import MAX_PRICE, MAX_QUERY_LENGTH, SORTS
from shop.catalog.where_to_buy import OUTLET_KINDS, OUTLETS_PER_PAGE
from shop.errors import RETRY_AFTER_SECONDS
from shop.input_policy import CONTROLS_AND_NONCHARACTERS, LINE_BREAKS
from shop.places import PROVINCE_SLUGS
from shop.routing import CertificateCodeConverter, SlugConverter
from shop.sellers.models import OWNER_TYPES
from shop.web import MAX_PER_PAGE

SLUG = {"type": "string", "pattern": f"^{SlugConverter.regex}$"}
CODE = {"type": "string", "pattern": f"^{CertificateCodeConverter.regex}$"}
GTIN = {"type": "string", "pattern": "^[0-9]{13,14}$"}
BATCH = {"type": "string", "pattern": "^[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}$"}  # GS1 AI 10: CSET 82, 1 to 20
# One line of text (shop/input_policy.py). "A letter or digit unless blank" is said in words: JSON Schema's
# \w is ASCII only, and would refuse "đồ".
ONE_LINE = f"^[^{LINE_BREAKS}{CONTROLS_AND_NONCHARACTERS}]*$"


def _query(name: str, schema: dict, description: str) -> dict:
    """A listing filter: optional, and an empty value means the same as leaving it out."""
    return {"name": name, "in": "query", "required": False, "allowEmptyValue": True, "schema": schema,
            "description": description + " Empty: not filtered."}


def _path(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}



def _paging(default_per_page: int) -> list:
    return [_query("page", {"type": "integer", "minimum": 1, "maximum": 10**6, "default": 1}, "Page number."),
            _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                "default": default_per_page}, "Items per page.")]


PROVINCE = _query("province", {"type": "string", "enum": sorted(PROVINCE_SLUGS)}, "Slug of one of the 34 provinces.")
LISTING_PARAMETERS = [
    *_paging(24),
    _query("stars", {"type": "integer", "minimum": 3, "maximum": 5}, "Current OCOP rating."),
    _query("group", SLUG, "Slug of a Decision 148 group or subgroup (an unknown slug matches nothing)."),
    PROVINCE,
    _query("owner_type", {"type": "string", "enum": list(OWNER_TYPES)}, "Kind of producer."),
    _query("seller", SLUG, "Producer slug (an unknown slug matches nothing)."),
    _query("price_min", {"type": "integer", "minimum": 0, "maximum": MAX_PRICE},
           "Lowest price in VND; not above `price_max` (else 400)."),
    _query("price_max", {"type": "integer", "minimum": 0, "maximum": MAX_PRICE},
           "Highest price in VND; not below `price_min` (else 400)."),
    _query("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": ONE_LINE},
           f"Search words, with or without Vietnamese diacritics: at most {MAX_QUERY_LENGTH} characters as "
           "sent, on one line without control characters, and at least one letter or digit unless blank "
           "(else 400). Blank: no search."),
    _query("sort", {"type": "string", "enum": list(SORTS)},
           "Order of results: relevance when searching, else newest."),
]


OUTLET_PARAMETERS = [*_paging(OUTLETS_PER_PAGE), PROVINCE,
                     _query("kind", {"type": "string", "enum": list(OUTLET_KINDS)},
                            "Kind of outlet: an OCOP sales point, or a district, provincial or regional centre.")]


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ref = {"$ref": "#/components/schemas/Product"}
_error_ref = {"$ref": "#/components/schemas/Error"}
_ERROR_BODY = {"type": "object", "required": ["code", "message"],
               "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
_slug_name = {"type": "object", "required": ["slug", "name"],
              "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}
_certificate_ref = {"type": "object", "required": ["code", "expires_on"], "properties": {
    "code": {"type": "string"}, "expires_on": {"type": "string", "format": "date"}}}
_unavailable = {**_json("The database cannot be reached or is busy: try again after `Retry-After` seconds "
                        "(error code `unavailable`).", _error_ref),
                "headers": {"Retry-After": {"schema": {"type": "integer", "const": RETRY_AFTER_SECONDS}}}}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": _ERROR_BODY}},
    "Product": {"type": "object", "required": ["slug", "name", "price_vnd", "stars", "group", "province",
                                               "seller", "certificate"],
                "properties": {
                    "slug": {"type": "string"}, "name": {"type": "string"},
                    "price_vnd": {"type": "integer", "description": "Whole đồng (VND has no minor unit)."},
                    "unit": {"type": "string"}, "stars": {"type": "integer", "minimum": 3, "maximum": 5},
                    "group": _slug_name, "province": {"type": "string", "description": "The province's name."},
                    "seller": {"type": "object", "properties": {
                        "slug": {"type": "string"}, "name": {"type": "string"},
                        "owner_type": {"type": "string", "enum": list(OWNER_TYPES)}}},
                    "certificate": _certificate_ref}},
    "ProductDetail": {"allOf": [_ref, {"type": "object", "required": ["available", "outlets"], "properties": {
        "available": {"type": "integer", "minimum": 0, "description": "Units an online order may take now."},
        "outlets": {"type": "array", "description": "OCOP outlets holding the product now, by province and name.",
                    "items": {"type": "object", "required": ["slug", "name", "province", "on_hand"], "properties": {
                        "slug": {"type": "string"}, "name": {"type": "string"}, "province": {"type": "string"},
                        "on_hand": {"type": "integer", "minimum": 1}}}}}}]},
    "Outlet": {"type": "object", "required": ["slug", "name", "kind", "province", "commune", "address"],
               "properties": {
                   "slug": {"type": "string"}, "name": {"type": "string"},
                   "kind": {"type": "string", "enum": list(OUTLET_KINDS)},
                   "province": {"type": "string", "description": "The province's name."},
                   "commune": {"type": ["string", "null"]}, "address": {"type": ["string", "null"]},
                   "opening_hours": {"type": ["string", "null"], "description": "Only in an outlet's stock answer."},
                   "phone": {"type": ["string", "null"], "description": "National digits; only in an outlet's "
                                                                        "stock answer."}}},
    "OutletStock": {"type": "object", "required": ["outlet", "items"], "properties": {
        "outlet": {"$ref": "#/components/schemas/Outlet"},
        "items": {"type": "array", "description": "Products on hand whose OCOP certificate is in force today, "
                                                  "best rated first.",
                  "items": {"type": "object", "required": ["slug", "name", "stars", "on_hand", "certificate"],
                            "properties": {
                                "slug": {"type": "string"}, "name": {"type": "string"},
                                "stars": {"type": "integer", "minimum": 3, "maximum": 5},
                                "on_hand": {"type": "integer", "minimum": 1}, "certificate": _certificate_ref}}}}},
    "Certificate": {"type": "object", "required": ["code", "status"], "properties": {
        "code": {"type": "string"},
        "status": {"type": "string", "enum": ["valid", "expired", "superseded", "revoked", "pending", "unknown"]},
        "stars": {"type": "integer"}, "decision_number": {"type": "string"},
        "decision_date": {"type": "string", "format": "date"}, "expires_on": {"type": "string", "format": "date"},
        "authority": {"type": "string"}, "revoked_reason": {"type": ["string", "null"]},
        "product": _slug_name, "seller": {"type": "object"}}},
    "UnknownCertificate": {"type": "object", "required": ["error"], "properties": {
        "code": {"type": "string"}, "status": {"const": "unknown"}, "error": _ERROR_BODY},
        "description": "A well-formed code nobody issued also gives its `code` and `status`: unknown."},
    "Trace": {"type": "object", "required": ["gtin", "digital_link", "status", "product", "seller", "certificate",
                                         "trail"],
              "properties": {
                  "gtin": {"type": "string", "pattern": "^[0-9]{13}$"},
                  "digital_link": {"type": "string", "format": "uri",
                                   "description": "The canonical GS1 Digital Link page, /01/ and 14 digits."},
                  "status": {"type": "string", "description": "The current certificate's public status, as "
                                                              "/certificates/{code} gives it (unknown: none).",
                             "enum": ["valid", "expired", "revoked", "pending", "unknown"]},
                  "product": {"type": "object", "required": ["slug", "name", "unit", "on_sale", "url"], "properties": {
                      "slug": {"type": "string"}, "name": {"type": "string"}, "unit": {"type": "string"},
                      "on_sale": {"type": "boolean"}, "url": {"type": ["string", "null"], "format": "uri"}}},
                  "seller": {"type": "object", "required": ["slug", "name", "owner_type", "province"]},
                  "certificate": {"oneOf": [{"$ref": "#/components/schemas/Certificate"}, {"type": "null"}]},
                  "batches": {"type": "array", "items": {"$ref": "#/components/schemas/BatchRef"},
                              "description": "The product's batches the ledger knows, the latest made first "
                                             "(at most 20)."},
                  "trail": {"type": "array", "items": {"$ref": "#/components/schemas/TrailStep"},
                            "description": "For a product: its units' moves of the last 90 days, every batch and "
                                           "the units of none; for a batch: the batch's whole trail."}}},
    "BatchRef": {"type": "object", "required": ["code", "best_before", "digital_link"], "properties": {
        "code": {"type": "string"}, "best_before": {"type": "string", "format": "date"},
        "digital_link": {"type": "string", "format": "uri", "description": "The batch's GS1 Digital Link page, "
                                                                          "/01/<14 digits>/10/<batch>."}}},
    "TraceBatch": {"allOf": [{"$ref": "#/components/schemas/Trace"}, {
        "type": "object", "required": ["batch", "trail"], "properties": {
            "batch": {"allOf": [{"$ref": "#/components/schemas/BatchRef"}, {
                "type": "object", "required": ["produced_on", "past_best_before"], "properties": {
                    "produced_on": {"type": "string", "format": "date"}, "past_best_before": {"type": "boolean"}}}]},
            "trail": {"type": "array", "items": {"$ref": "#/components/schemas/TrailStep"}}}}]},
    "TrailStep": {"type": "object", "required": ["kind", "date", "units", "text", "place", "other"],
                  "description": "Units (of the batch, or the product) that moved one way at one place on one "
                                 "day (Vietnam time), read from the stock ledger; no buyer is ever named.",
                  "properties": {
                      "kind": {"type": "string", "enum": ["received", "sent", "returned", "arrived", "cancelled",
                                                          "sold_counter", "sold_online", "unsold", "counted",
                                                          "lost"]},
                      "date": {"type": "string", "format": "date"},
                      "units": {"type": "integer", "description": "Units moved (a count's difference keeps its "
                                                                  "sign)."},
                      "text": {"type": "string", "description": "The step in words (Vietnamese by default)."},
                      "place": {"$ref": "#/components/schemas/TrailPlace"},
                      "other": {"oneOf": [{"$ref": "#/components/schemas/TrailPlace"}, {"type": "null"}],
                                "description": "A transfer's other end: where units were sent, or came from."}}},
    "TrailPlace": {"type": "object", "required": ["name", "kind", "province"], "properties": {
        "name": {"type": "string"}, "kind": {"type": "string"}, "province": {"type": "string"}}},
    "BadGtin": {"type": "object", "required": ["error", "reason"], "properties": {
        "error": _ERROR_BODY, "reason": {"type": "string", "description": "Why, in Vietnamese, for people."}}},
}

LISTING = {"type": "object", "required": ["items", "total", "page", "per_page"], "properties": {
    "items": {"type": "array", "items": _ref}, "total": {"type": "integer"},
    "total_capped": {"type": "boolean", "description": (
        "True when a search matched more products than it counts: "
        "`total` is then the cap (1,000) and the items are the best matches.")},
    "page": {"type": "integer"}, "per_page": {"type": "integer"}}}


OUTLETS = {"type": "object", "required": ["items", "total", "page", "per_page"], "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Outlet"}}, "total": {"type": "integer"},
    "page": {"type": "integer"}, "per_page": {"type": "integer"}}}


def _get(summary: str, parameters: list, answers: dict) -> dict:
    """One read-only operation; every one may answer 503 while the database is out of reach."""
    return {"get": {"summary": summary, "parameters": parameters, "responses": {**answers, "503": _unavailable}}}


PATHS = {
    "/products": _get("Products on sale (price_min must not be above price_max)", LISTING_PARAMETERS, {
        "200": _json("A page of products", LISTING),
        "400": _json("A parameter out of range (error code `bad_parameter`)", _error_ref)}),
    "/products/{slug}": _get("One product on sale", [_path("slug", SLUG, "Product slug.")], {
        "200": _json("The product, with its units for online orders and the OCOP outlets holding it",
                     {"$ref": "#/components/schemas/ProductDetail"}),
        "404": _json("No product on sale has this slug", _error_ref)}),
    "/outlets": _get("OCOP outlets: sales points and district, provincial and regional centres", OUTLET_PARAMETERS, {
        "200": _json("A page of outlets, by province then name", OUTLETS),
        "400": _json("A parameter out of range (error code `bad_parameter`)", _error_ref)}),
    "/outlets/{slug}/stock": _get("The certified OCOP products an outlet holds now", [
        _path("slug", SLUG, "Outlet slug.")], {
        "200": _json("The outlet and its certified products on hand", {"$ref": "#/components/schemas/OutletStock"}),
        "404": _json("No OCOP outlet has this slug", _error_ref)}),
    "/certificates/{code}": _get("Check an OCOP certificate", [
        _path("code", CODE, "Public certificate code, e.g. OCOP-7K2M-QX4P, in any case.")], {
        "200": _json("Known certificate", {"$ref": "#/components/schemas/Certificate"}),
        "404": _json("Unknown code (status unknown)", {"$ref": "#/components/schemas/UnknownCertificate"})}),
    "/trace/{gtin}": _get("Trace a product by its GTIN-13 (what the GS1 Digital Link page /01/{gtin} shows)", [
        _path("gtin", GTIN, "13 digits, or the 14-digit GS1 Digital Link form with a leading 0.")], {
        "200": _json("The product, its producer and its certificate's live status",
                     {"$ref": "#/components/schemas/Trace"}),
        "404": _json("A malformed GTIN or a wrong check digit (error code `bad_gtin`, with `reason`), or no OCOP "
                     "product carries it (error code `not_found`)",
                     {"anyOf": [{"$ref": "#/components/schemas/BadGtin"}, _error_ref]})}),
    "/trace/{gtin}/{batch}": _get("Trace one batch of a product (what /01/{gtin}/10/{batch} shows), with its trail", [
        _path("gtin", GTIN, "13 digits, or the 14-digit GS1 Digital Link form with a leading 0."),
        _path("batch", BATCH, "The batch code (GS1 AI 10), percent-encoded; looked up in upper case.")], {
        "200": _json("The product, its producer, its certificate's live status, the batch and its trail",
                     {"$ref": "#/components/schemas/TraceBatch"}),
        "404": _json("A malformed GTIN or batch code (error code `bad_gtin`, with `reason`), or no OCOP product "
                     "carries the GTIN or has that batch (error code `not_found`)",
                     {"anyOf": [{"$ref": "#/components/schemas/BadGtin"}, _error_ref]})}),
}


def openapi_document(server_url: str) -> dict:
    """The API description, with this deployment's address as its server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCOP Marketplace API", "version": "1",
                 "description": "Read-only access to OCOP products on sale (only sellable ones), to the "
                                "OCOP outlets and the certified products they hold, to certificate checks and to "
                                "products traced by GTIN. "
                                "Whole numbers in a query are written in digits only (`2`, not `2.0` or `2e0`): "
                                "in Vietnamese `2.000` is two thousand, so a point is refused (400). "
                                "Errors are `{\"error\": {\"code\", \"message\"}}`."},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
