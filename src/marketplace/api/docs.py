"""A plain, accessible docs page for the API (no JavaScript, no external hosts).

django-ninja's default Swagger page loads its scripts from a CDN unless `ninja` is an
installed app; this page lists the operations from the same OpenAPI document instead.
"""

from __future__ import annotations

import json

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

EXAMPLE_HOUSEHOLD = {
    "household": {
        "income": 52000,
        "people": [
            {"age": 40, "relationship": "Self"},
            {"age": 38, "relationship": "Spouse", "uses_tobacco": True},
            {"age": 10, "relationship": "Child"},
            {"age": 7, "relationship": "Child"},
        ],
    },
    "place": {"state": "MA", "zipcode": "02108", "countyfips": "25025"},
}
EXAMPLES = {
    "/api/v1/households/eligibility/estimates": EXAMPLE_HOUSEHOLD,
    "/api/v1/plans/search": {
        **EXAMPLE_HOUSEHOLD,
        "filter": {"metal_levels": ["Silver", "Gold"], "premium_range": {"max": 900}},
        "sort": "premium",
        "offset": 0,
        "limit": 10,
    },
}


class SimpleDocs(DocsBase):
    """Renders api/docs.html: each operation with its summary and an example."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                example = EXAMPLES.get(path)
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "example": json.dumps(example, indent=2) if example else "",
                        "responses": sorted(operation.get("responses", {})),
                    }
                )
        context = {
            "title": schema["info"]["title"],
            "description": schema["info"].get("description", ""),
            "operations": operations,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "api/docs.html", context)
