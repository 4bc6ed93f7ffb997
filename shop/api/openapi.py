"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""
from shop.catalog.filters import MAX_PER_PAGE, MAX_PRICE, MAX_QUERY_LENGTH, SORTS
from shop.places import PROVINCE_SLUGS
from shop.sellers.models import OWNER_TYPES


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": description}


LISTING_PARAMETERS = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": 10**6, "default": 1}, "Page number."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 24}, "Items per page."),
    _query("stars", {"type": "integer", "minimum": 3, "maximum": 5}, "Current OCOP rating."),
    _query("group", {"type": "string"}, "Slug of a Decision 148 group or subgroup."),
    _query("province", {"type": "string", "enum": sorted(PROVINCE_SLUGS)}, "One of the 34 provinces."),
    _query("owner_type", {"type": "string", "enum": list(OWNER_TYPES)}, "Kind of producer."),
    _query("seller", {"type": "string"}, "Producer slug."),
    _query("price_min", {"type": "integer", "minimum": 0, "maximum": MAX_PRICE}, "Lowest price in VND."),
    _query("price_max", {"type": "integer", "minimum": 0, "maximum": MAX_PRICE}, "Highest price in VND."),
    _query("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH},
           "Search words, with or without Vietnamese diacritics."),
    _query("sort", {"type": "string", "enum": list(SORTS)},
           "Order of results: relevance when searching, else newest."),
]

_ref = {"$ref": "#/components/schemas/Product"}
_error = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_slug_name = {"type": "object", "required": ["slug", "name"],
              "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
    "Product": {"type": "object", "required": ["slug", "name", "price_vnd", "stars", "group", "province",
                                               "seller", "certificate"],
                "properties": {
                    "slug": {"type": "string"}, "name": {"type": "string"},
                    "price_vnd": {"type": "integer", "description": "Whole đồng (VND has no minor unit)."},
                    "unit": {"type": "string"}, "stars": {"type": "integer", "minimum": 3, "maximum": 5},
                    "group": _slug_name, "province": {"type": "string"},
                    "seller": {"type": "object", "properties": {
                        "slug": {"type": "string"}, "name": {"type": "string"},
                        "owner_type": {"type": "string", "enum": list(OWNER_TYPES)}}},
                    "certificate": {"type": "object", "properties": {
                        "code": {"type": "string"}, "expires_on": {"type": "string", "format": "date"}}}}},
    "Certificate": {"type": "object", "required": ["code", "status"], "properties": {
        "code": {"type": "string"},
        "status": {"type": "string", "enum": ["valid", "expired", "superseded", "revoked", "pending", "unknown"]},
        "stars": {"type": "integer"}, "decision_number": {"type": "string"},
        "decision_date": {"type": "string", "format": "date"}, "expires_on": {"type": "string", "format": "date"},
        "authority": {"type": "string"}, "revoked_reason": {"type": ["string", "null"]},
        "product": _slug_name, "seller": {"type": "object"}}},
}


def openapi_document(server_url: str) -> dict:
    """The API description, with this deployment's address as its server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCOP Marketplace API", "version": "1",
                 "description": "Read-only access to OCOP products on sale (only sellable ones) and to "
                                "certificate checks."},
        "servers": [{"url": server_url}],
        "paths": {
            "/products": {"get": {"summary": "Products on sale", "parameters": LISTING_PARAMETERS, "responses": {
                "200": {"description": "A page of products", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["items", "total", "page", "per_page"],
                    "properties": {"items": {"type": "array", "items": _ref}, "total": {"type": "integer"},
                                   "total_capped": {"type": "boolean", "description": (
                                       "True when a search matched more products than it counts: "
                                       "`total` is then the cap (1,000) and the items are the best matches.")},
                                   "page": {"type": "integer"}, "per_page": {"type": "integer"}}}}}},
                "400": _error}}},
            "/products/{slug}": {"get": {"summary": "One product on sale", "parameters": [_path("slug", "Product slug.")],
                                         "responses": {"200": {"description": "The product", "content": {
                                             "application/json": {"schema": _ref}}}, "404": _error}}},
            "/certificates/{code}": {"get": {"summary": "Check an OCOP certificate",
                                             "parameters": [_path("code", "Public certificate code, e.g. OCOP-7K2M-QX4P.")],
                                             "responses": {"200": {"description": "Known certificate", "content": {
                                                 "application/json": {"schema": {"$ref": "#/components/schemas/Certificate"}}}},
                                                 "404": {"description": "Unknown code (status unknown)"}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
