"""`{% reuse [variable ...] %}...{% endreuse %}`: a part of the page frame rendered once and
reused (issue 17; docs/adr/1703-page-frame-parts-rendered-once.md).

Every page's frame (base.html: the head's links, the logo, the language buttons, the
account links of a visitor not signed in, the footer) is the same for every request in one
language of one state, yet rendering its `{% static %}`, `{% url %}` and `{% translate %}`
tags was most of a simple page's CPU. A part wrapped in `{% reuse %}` is rendered the first
time and its text kept, by the active language, the URL prefix, the template's autoescaping
and the values of the variables the tag names (`{% reuse exchange_state_name %}`).

What a reused part shows must depend on nothing else: never the request, the person, the
session or a form. A `{% csrf_token %}` inside one is refused when the template is read (a
CSRF token is per request: sharing one between people would weaken the protection), and
the kept parts are dropped whenever a setting changes (tests that override settings).
"""

from __future__ import annotations

import itertools

from django import template
from django.core.signals import setting_changed
from django.template.base import VariableNode
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

#: Bumped when a setting changes: every kept part is rendered again after that.
_generations = itertools.count()
_generation = next(_generations)
#: A part whose named variables take more values than this is not kept beyond them (a
#: variable that varies per request was named by mistake: the page stays right, only slow).
MOST_KEPT = 32


def forget(**kwargs) -> None:
    """Drop every kept part: each is rendered again when next shown."""
    global _generation
    _generation = next(_generations)


setting_changed.connect(forget)


class ReuseNode(template.Node):
    def __init__(self, nodelist, variables):
        self.nodelist = nodelist
        self.variables = variables
        self.kept: dict[tuple, str] = {}
        self.generation = _generation

    def render(self, context):
        if self.generation != _generation:
            self.kept, self.generation = {}, _generation
        key = (
            get_language(),
            get_script_prefix(),
            context.autoescape,
            *(str(variable.resolve(context)) for variable in self.variables),
        )
        text = self.kept.get(key)
        if text is None:
            text = self.nodelist.render(context)
            if len(self.kept) < MOST_KEPT:
                self.kept[key] = text
        return mark_safe(text)  # noqa: S308 - the template's own rendering, escaped by it


@register.tag
def reuse(parser, token):
    """`{% reuse [variable ...] %}...{% endreuse %}` (see the module's docstring)."""
    variables = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endreuse",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError(
            "{% reuse %} cannot hold {% csrf_token %}: a CSRF token is per request."
        )
    for node in nodelist.get_nodes_by_type(VariableNode):
        if _first_name(node.filter_expression) in PER_REQUEST:
            raise template.TemplateSyntaxError(
                f"{{% reuse %}} cannot show {node.filter_expression.token}: it is per request."
            )
    return ReuseNode(nodelist, variables)


#: What the context processors and the middleware give each request: never in a kept part.
PER_REQUEST = {"request", "user", "perms", "csrf_token", "messages", "helping"}


def _first_name(expression) -> str:
    var = expression.var
    return str(getattr(var, "var", var)).split(".", 1)[0]
